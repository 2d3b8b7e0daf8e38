package dev.porthole.server.web.pipelines;

import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.web.Format;
import dev.porthole.server.web.jobs.JobActions;
import dev.porthole.server.web.jobs.JobView;
import java.util.List;

/**
 * Everything the pipeline page shows.
 *
 * @param stages in order, each with its jobs' current attempts
 * @param retried earlier attempts of jobs that were retried, newest first
 */
public record PipelineView(
        ProjectRole role,
        Pipeline pipeline,
        String commitTitle,
        String triggeredBy,
        List<Stage> stages,
        List<Job> retried,
        PipelineActions actions) {

    /** A column of the graph. */
    public record Stage(String name, List<Card> jobs) {}

    /**
     * A job's card.
     *
     * @param needs the jobs it waits for ({@code needs}), or empty when it follows the stages
     * @param label its duration, or {@code manual}/{@code delayed}
     */
    public record Card(Job job, List<String> needs, JobActions actions, String label) {}

    public String base() {
        return "/" + role.project().fullPath();
    }

    public String path() {
        return base() + "/-/pipelines/" + pipeline.id();
    }

    public String jobPath(Job job) {
        return JobView.jobPath(role, job.id());
    }

    public String duration() {
        return Format.duration(pipeline.startedAt(), pipeline.finishedAt());
    }

    public int jobCount() {
        return stages.stream().mapToInt(s -> s.jobs().size()).sum();
    }

    /** The YAML errors, one per line, for a pipeline whose configuration made no jobs. */
    public List<String> yamlErrors() {
        String errors = pipeline.yamlErrors();
        return errors == null || errors.isBlank()
                ? List.of()
                : errors.lines().filter(l -> !l.isBlank()).toList();
    }
}
