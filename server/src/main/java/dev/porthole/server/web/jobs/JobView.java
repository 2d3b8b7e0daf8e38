package dev.porthole.server.web.jobs;

import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.web.Format;
import java.time.Duration;
import java.util.List;

/**
 * Everything the job page shows.
 *
 * @param startedBy the name of who started the job (pushed, retried or played it), or empty
 * @param stageJobs the pipeline's current jobs of this job's stage, this one included
 * @param newerAttempt the retry of this job, when it was retried
 * @param explanation what the job's state means when there is no log to read, or empty
 * @param stuck no online runner can take this pending job: say so, and what to do
 * @param debug the Debug button, or why its owner has none
 * @param hold the job's open debug hold, or null
 */
public record JobView(
        ProjectRole role,
        Job job,
        Pipeline pipeline,
        String commitTitle,
        String startedBy,
        Runner runner,
        List<Job> stageJobs,
        Job newerAttempt,
        LogView log,
        JobActions actions,
        String explanation,
        boolean stuck,
        JobState.DebugState debug,
        HoldState hold) {

    public String base() {
        return "/" + role.project().fullPath();
    }

    public String path() {
        return jobPath(role, job.id());
    }

    public static String jobPath(ProjectRole role, long jobId) {
        return "/" + role.project().fullPath() + "/-/jobs/" + jobId;
    }

    public String pipelinePath() {
        return base() + "/-/pipelines/" + pipeline.id();
    }

    public String status() {
        return job.status().wireName();
    }

    public boolean complete() {
        return job.status().complete();
    }

    /** Whether the page follows the log live: the job is with a runner or about to be. */
    public boolean live() {
        return !job.status().complete();
    }

    public String failure() {
        return JobState.failure(job);
    }

    public String duration() {
        return Format.duration(job.startedAt(), job.finishedAt());
    }

    public String queued() {
        return JobState.queued(job);
    }

    public String timeout() {
        return Format.duration(Duration.ofSeconds(job.timeoutSeconds()));
    }

    public Long startedAtMillis() {
        return job.startedAt() == null ? null : job.startedAt().toEpochMilli();
    }
}
