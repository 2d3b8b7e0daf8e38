package dev.porthole.server.web.pipelines;

import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.project.ProjectRole;
import java.util.List;

/** The pipeline's own buttons: cancel what has not finished, retry what failed or was canceled. */
public record PipelineActions(boolean cancel, boolean retry) {

    /** {@code current}: the pipeline's jobs that were not retried. */
    public static PipelineActions of(List<Job> current, ProjectRole role) {
        if (!role.canUpdateJobs()) {
            return new PipelineActions(false, false);
        }
        boolean cancel = current.stream()
                .map(Job::status)
                .anyMatch(s -> s == JobStatus.CREATED
                        || s == JobStatus.PENDING
                        || s == JobStatus.RUNNING
                        || s == JobStatus.MANUAL);
        boolean retry =
                current.stream().map(Job::status).anyMatch(s -> s == JobStatus.FAILED || s == JobStatus.CANCELED);
        return new PipelineActions(cancel, retry);
    }
}
