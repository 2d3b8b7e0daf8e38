package dev.porthole.server.web.jobs;

import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.terminal.DebugDecision;
import dev.porthole.server.web.Format;

/**
 * A job as the pages' scripts poll it ({@code .../-/jobs/:id.json}, and each job of {@code .../-/pipelines/:id.json}).
 *
 * @param startedAt epoch milliseconds, or null
 * @param label what a pipeline's job card shows beside the name: the duration, or {@code manual}/{@code delayed}
 * @param hold the job's open debug hold, if any (on the job page's JSON only)
 */
public record JobState(
        long id,
        String name,
        String status,
        boolean complete,
        Long startedAt,
        String duration,
        String queued,
        String label,
        JobActions actions,
        String failure,
        String path,
        DebugState debug,
        HoldState hold) {

    /**
     * What the job page's Debug slot shows: a link to the terminal page, or why its owner has none; both null for
     * everyone else.
     */
    public record DebugState(String terminalPath, String unavailableReason) {
        public static DebugState of(DebugDecision decision, String jobPath) {
            return switch (decision) {
                case DebugDecision.Allowed allowed -> new DebugState(jobPath + "/terminal", null);
                case DebugDecision.UnavailableForOwner unavailable -> new DebugState(null, unavailable.reason());
                case DebugDecision.Hidden hidden -> new DebugState(null, null);
            };
        }
    }

    /** The same state with what the job page's Debug slot shows to this viewer. */
    public JobState withDebug(DebugDecision decision) {
        return new JobState(
                id,
                name,
                status,
                complete,
                startedAt,
                duration,
                queued,
                label,
                actions,
                failure,
                path,
                DebugState.of(decision, path),
                hold);
    }

    /** The same state with the job's open debug hold, or none. */
    public JobState withHold(HoldState openHold) {
        return new JobState(
                id, name, status, complete, startedAt, duration, queued, label, actions, failure, path, debug,
                openHold);
    }

    public static JobState of(Job job, ProjectRole role) {
        return new JobState(
                job.id(),
                job.name(),
                job.status().wireName(),
                job.status().complete(),
                job.startedAt() == null ? null : job.startedAt().toEpochMilli(),
                Format.duration(job.startedAt(), job.finishedAt()),
                queued(job),
                label(job),
                JobActions.of(job, role),
                failure(job),
                JobView.jobPath(role, job.id()),
                null,
                null);
    }

    /** How long the job waited for a runner (so far). */
    public static String queued(Job job) {
        if (job.queuedAt() == null) {
            return "";
        }
        return Format.duration(job.queuedAt(), job.startedAt() != null ? job.startedAt() : job.finishedAt());
    }

    public static String failure(Job job) {
        return job.status() == JobStatus.FAILED ? FailureText.of(job.failureReason()) : "";
    }

    /** Beside a job's name in a pipeline: {@code manual}, {@code delayed}, or how long it ran (so far). */
    public static String label(Job job) {
        if (job.status() == JobStatus.MANUAL) {
            return "manual";
        }
        if (job.status() == JobStatus.SCHEDULED) {
            return "delayed";
        }
        return Format.duration(job.startedAt(), job.finishedAt());
    }
}
