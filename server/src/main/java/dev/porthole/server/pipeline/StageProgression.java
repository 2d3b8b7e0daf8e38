package dev.porthole.server.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which waiting jobs of a pipeline start, wait for a person, or are skipped, from what happened in the
 * stages before theirs. A stage's jobs are decided only once every job of the earlier stages is finished (or is a
 * manual job that does not block).
 */
final class StageProgression {
    private StageProgression() {}

    /** What earlier stages add up to, as far as later jobs are concerned. */
    enum Prior {
        SUCCEEDED,
        FAILED,
        UNFINISHED
    }

    /** New statuses for {@code created} jobs, by job id; jobs not in the map stay as they are. */
    static Map<Long, JobStatus> decide(List<Job> jobs) {
        Map<Integer, List<Job>> stages = new TreeMap<>();
        jobs.stream()
                .filter(j -> !j.retried())
                .forEach(j -> stages.computeIfAbsent(j.stageIndex(), k -> new ArrayList<>())
                        .add(j));
        Map<Long, JobStatus> decisions = new LinkedHashMap<>();
        Prior prior = Prior.SUCCEEDED;
        for (List<Job> stage : stages.values()) {
            for (Job job : stage) {
                if (job.status() == JobStatus.CREATED) {
                    decisions.put(job.id(), decideOne(job, prior));
                }
            }
            prior = combine(prior, stage, decisions);
            if (prior == Prior.UNFINISHED) {
                break;
            }
        }
        return decisions;
    }

    private static JobStatus decideOne(Job job, Prior prior) {
        return switch (job.when()) {
            case ON_SUCCESS -> prior == Prior.SUCCEEDED ? JobStatus.PENDING : JobStatus.SKIPPED;
            case ON_FAILURE -> prior == Prior.FAILED ? JobStatus.PENDING : JobStatus.SKIPPED;
            case ALWAYS -> JobStatus.PENDING;
            case MANUAL -> prior == Prior.SUCCEEDED ? JobStatus.MANUAL : JobStatus.SKIPPED;
        };
    }

    private static Prior combine(Prior prior, List<Job> stage, Map<Long, JobStatus> decisions) {
        boolean failed = prior == Prior.FAILED;
        for (Job job : stage) {
            JobStatus status = decisions.getOrDefault(job.id(), job.status());
            boolean blockingManual = status == JobStatus.MANUAL && !job.allowFailure();
            if (!status.complete() && status != JobStatus.MANUAL || blockingManual) {
                return Prior.UNFINISHED;
            }
            // A canceled job counts as a failure: later cleanup jobs (when: on_failure) still run.
            if ((status == JobStatus.FAILED && !job.allowFailure()) || status == JobStatus.CANCELED) {
                failed = true;
            }
        }
        return failed ? Prior.FAILED : Prior.SUCCEEDED;
    }
}
