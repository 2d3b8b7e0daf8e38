package dev.porthole.server.web.jobs;

import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.pipeline.FailureReason;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.JobStore;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import dev.porthole.server.trace.TraceService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the page tests share: a private project with one member per role, a runner of its own (jobs are tagged with
 * a tag only it carries) that takes jobs, writes their logs and finishes them as a real runner would.
 */
public abstract class PagesWithRunner extends ServerTestSupport {
    @Autowired
    protected JobService jobService;

    @Autowired
    protected JobStore jobStore;

    @Autowired
    protected TraceService traces;

    protected Account owner;
    protected Account developer;
    protected Account reporter;
    protected Account stranger;
    protected String tag;
    protected Runner runner;

    /** A fresh cast and runner; {@code TAG} in YAML is replaced with the runner's own tag. */
    protected void cast() {
        owner = newUser(false);
        developer = newUser(false);
        reporter = newUser(false);
        stranger = newUser(false);
        tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        runner = runners.createByAdmin(
                        new RunnerOptions("page test runner", List.of(tag), false, false, false, null),
                        owner.user().id())
                .runner();
    }

    protected Project project(String yaml) {
        Project project = newProject(owner.user(), yaml.replace("TAG", tag));
        projects.addMember(project, developer.user(), AccessLevel.DEVELOPER);
        projects.addMember(project, reporter.user(), AccessLevel.REPORTER);
        return project;
    }

    protected Pipeline pipeline(Project project) {
        return newPipeline(project, owner.user());
    }

    protected Job job(Pipeline pipeline, String name) {
        return jobStore.forPipeline(pipeline.id()).stream()
                .filter(j -> j.name().equals(name) && !j.retried())
                .findFirst()
                .orElseThrow();
    }

    protected Job reload(Job job) {
        return jobService.find(job.id()).orElseThrow();
    }

    /** The runner takes the oldest pending job it can run, and starts it. */
    protected Job take() {
        return jobService.assignNext(runner, false).orElseThrow().job();
    }

    protected void log(Job job, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        traces.append(job.id(), traces.size(job.id()), bytes, Long.MAX_VALUE);
    }

    protected void succeed(Job job) {
        jobService.reportFromRunner(reload(job), "success", null, null, null);
    }

    protected void fail(Job job) {
        jobService.reportFromRunner(reload(job), "failed", FailureReason.SCRIPT_FAILURE, 2, null);
    }

    protected static String path(Project project) {
        return "/" + project.fullPath();
    }
}
