package dev.porthole.server.pipeline;

import dev.porthole.server.ciconfig.Need;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which waiting jobs of a pipeline start, wait for a person, wait for their time, or are skipped. A job
 * without {@code needs} is decided once every job of the earlier stages is finished (or is a manual job that does
 * not block); a job with {@code needs} as soon as the jobs it needs are finished, whatever their stage.
 */
final class StageProgression {
    private StageProgression() {}

    /** What jobs before a job add up to, as far as that job is concerned. */
    enum Prior {
        SUCCEEDED,
        FAILED,
        UNFINISHED
    }

    /** New statuses for {@code created} jobs, by job id; jobs not in the map stay as they are. */
    static Map<Long, JobStatus> decide(List<Job> jobs) {
        Map<Integer, List<Job>> stages = new TreeMap<>();
        Map<String, Job> byName = new HashMap<>();
        for (Job job : jobs) {
            if (!job.retried()) {
                stages.computeIfAbsent(job.stageIndex(), k -> new ArrayList<>()).add(job);
                byName.put(job.name(), job);
            }
        }
        Map<Long, JobStatus> decisions = new LinkedHashMap<>();
        Prior stagePrior = Prior.SUCCEEDED;
        for (List<Job> stage : stages.values()) {
            for (Job job : stage) {
                if (job.status() != JobStatus.CREATED) {
                    continue;
                }
                Prior prior =
                        job.spec().needs() != null ? needsPrior(job.spec().needs(), byName, decisions) : stagePrior;
                if (prior != Prior.UNFINISHED) {
                    decisions.put(job.id(), decideOne(job, prior));
                }
            }
            if (stagePrior != Prior.UNFINISHED) {
                stagePrior = combine(stagePrior, stage, decisions);
            }
        }
        return decisions;
    }

    private static Prior needsPrior(List<Need> needs, Map<String, Job> byName, Map<Long, JobStatus> decisions) {
        boolean failed = false;
        for (Need need : needs) {
            Job needed = byName.get(need.job());
            if (needed == null) {
                continue; // an optional need on a job the rules left out
            }
            JobStatus status = decisions.getOrDefault(needed.id(), needed.status());
            if (!status.complete()) {
                return Prior.UNFINISHED;
            }
            if ((status == JobStatus.FAILED && !needed.allowFailure())
                    || status == JobStatus.CANCELED
                    || status == JobStatus.SKIPPED) {
                failed = true;
            }
        }
        return failed ? Prior.FAILED : Prior.SUCCEEDED;
    }

    private static JobStatus decideOne(Job job, Prior prior) {
        return switch (job.when()) {
            case ON_SUCCESS -> prior == Prior.SUCCEEDED ? JobStatus.PENDING : JobStatus.SKIPPED;
            case ON_FAILURE -> prior == Prior.FAILED ? JobStatus.PENDING : JobStatus.SKIPPED;
            case ALWAYS -> JobStatus.PENDING;
            case MANUAL -> prior == Prior.SUCCEEDED ? JobStatus.MANUAL : JobStatus.SKIPPED;
            case DELAYED -> prior == Prior.SUCCEEDED ? JobStatus.SCHEDULED : JobStatus.SKIPPED;
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
