package dev.porthole.server.pipeline;

import dev.porthole.server.ciconfig.When;
import java.time.Instant;
import java.util.List;

/** Jobs in a given state, for the rules' tests. */
final class Jobs {
    private static long ids;

    private Jobs() {}

    static Job job(int stage, JobStatus status) {
        return job(stage, status, When.ON_SUCCESS, false);
    }

    static Job job(int stage, JobStatus status, When when, boolean allowFailure) {
        long id = ++ids;
        return new Job(
                id,
                1,
                1,
                "job" + id,
                "stage" + stage,
                stage,
                status,
                when,
                allowFailure,
                List.of(),
                new JobSpec(
                        List.of(),
                        List.of("true"),
                        List.of(),
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false,
                        null,
                        null,
                        null,
                        null),
                null,
                null,
                3600,
                null,
                null,
                false,
                null,
                Instant.EPOCH,
                null,
                status.onRunner() || status.complete() ? Instant.EPOCH : null,
                null,
                null,
                null);
    }

    static Job retried(Job job) {
        return new Job(
                job.id(),
                job.pipelineId(),
                job.projectId(),
                job.name(),
                job.stage(),
                job.stageIndex(),
                job.status(),
                job.when(),
                job.allowFailure(),
                job.tags(),
                job.spec(),
                job.userId(),
                job.runnerId(),
                job.timeoutSeconds(),
                job.failureReason(),
                job.exitCode(),
                true,
                job.retryOf(),
                job.createdAt(),
                job.queuedAt(),
                job.startedAt(),
                job.finishedAt(),
                job.runnerContactedAt(),
                job.scheduledAt());
    }
}
