package dev.porthole.server.web.terminal;

import dev.porthole.server.pipeline.Job;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.web.jobs.JobView;

/**
 * What the terminal page shows: the job, and either the terminal or why there is none.
 *
 * @param unavailableReason why this job has no terminal now (not running, or its runner offers none); null when the
 *     page opens one
 */
public record TerminalView(ProjectRole role, Job job, String unavailableReason) {

    public boolean available() {
        return unavailableReason == null;
    }

    public String projectPath() {
        return "/" + role.project().fullPath();
    }

    public String jobPath() {
        return JobView.jobPath(role, job.id());
    }

    /** The job as the page polls it: its status, live. */
    public String statusPath() {
        return jobPath() + ".json";
    }

    public String socketPath() {
        return jobPath() + "/terminal.ws";
    }

    public String status() {
        return job.status().wireName();
    }
}
