package dev.porthole.server.web.jobs;

import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.project.ProjectRole;

/** Which buttons a job shows to a viewer: what its state allows, when the viewer's role allows actions at all. */
public record JobActions(boolean play, boolean retry, boolean cancel) {

    public static JobActions of(Job job, ProjectRole role) {
        boolean allowed = role.canUpdateJobs() && !job.retried();
        JobStatus s = job.status();
        return new JobActions(
                allowed && (s == JobStatus.MANUAL || s == JobStatus.SCHEDULED),
                allowed && s.retryable(),
                allowed && (s == JobStatus.PENDING || s == JobStatus.RUNNING));
    }

    public boolean any() {
        return play || retry || cancel;
    }
}
