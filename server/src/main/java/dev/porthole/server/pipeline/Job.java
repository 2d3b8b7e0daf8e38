package dev.porthole.server.pipeline;

import dev.porthole.server.ciconfig.When;
import java.time.Instant;
import java.util.List;

/**
 * A job of a pipeline, as stored.
 *
 * @param userId who started it: pushed or triggered the pipeline, or retried or played this job
 * @param timeoutSeconds the timeout in force, fixed when a runner takes the job
 * @param retried a newer attempt of this job exists
 * @param scheduledAt when a delayed job starts
 */
public record Job(
        long id,
        long pipelineId,
        long projectId,
        String name,
        String stage,
        int stageIndex,
        JobStatus status,
        When when,
        boolean allowFailure,
        List<String> tags,
        JobSpec spec,
        Long userId,
        Long runnerId,
        int timeoutSeconds,
        FailureReason failureReason,
        Integer exitCode,
        boolean retried,
        Long retryOf,
        Instant createdAt,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant runnerContactedAt,
        Instant scheduledAt) {

    /** Given to a runner and not finished: the runner reports on it with its job token. */
    public boolean heldByRunner() {
        return status.onRunner() || (status == JobStatus.PENDING && runnerId != null);
    }

    /** A manual job that holds back the stages after it until someone plays it. */
    public boolean blocking() {
        return status == JobStatus.MANUAL && !allowFailure;
    }
}
