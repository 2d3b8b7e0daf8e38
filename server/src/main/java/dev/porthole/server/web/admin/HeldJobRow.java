package dev.porthole.server.web.admin;

import dev.porthole.server.debughold.JobHold;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.project.Project;
import dev.porthole.server.runner.Runner;
import java.time.Duration;

/** One held job as Admin › Held jobs lists it; {@code runner} is null when it is gone. */
public record HeldJobRow(JobHold hold, Job job, Project project, Runner runner, Duration remaining) {
    public String jobPath() {
        return "/" + project.fullPath() + "/-/jobs/" + job.id();
    }
}
