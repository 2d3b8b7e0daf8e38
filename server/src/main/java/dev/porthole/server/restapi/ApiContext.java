package dev.porthole.server.restapi;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.Caller;
import dev.porthole.server.account.User;
import dev.porthole.server.artifact.ArtifactService;
import dev.porthole.server.debughold.DebugHolds;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.JobSettings;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.runner.RunnerStore;
import dev.porthole.server.site.ExternalUrl;
import dev.porthole.server.terminal.TerminalAccess;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Builds entities with everything they refer to (users, runners, URLs): what every controller here shares. */
@Component
class ApiContext {
    private final AccountService accounts;
    private final JobService jobs;
    private final RunnerStore runners;
    private final ExternalUrl url;
    private final JobSettings jobSettings;
    private final Clock clock;
    private final ArtifactService artifacts;
    private final TerminalAccess terminals;
    private final DebugHolds holds;

    ApiContext(
            AccountService accounts,
            JobService jobs,
            RunnerStore runners,
            ExternalUrl url,
            JobSettings jobSettings,
            Clock clock,
            ArtifactService artifacts,
            TerminalAccess terminals,
            DebugHolds holds) {
        this.holds = holds;
        this.artifacts = artifacts;
        this.terminals = terminals;
        this.accounts = accounts;
        this.jobs = jobs;
        this.runners = runners;
        this.url = url;
        this.jobSettings = jobSettings;
        this.clock = clock;
    }

    String baseUrl() {
        return url.base();
    }

    Clock clock() {
        return clock;
    }

    Entities.ProjectEntity project(Project project) {
        return Entities.ProjectEntity.of(
                project, url.base(), (int) jobSettings.defaultTimeout().toSeconds());
    }

    Entities.PipelineEntity pipeline(Pipeline pipeline, Project project) {
        return Entities.PipelineEntity.of(pipeline, project, user(pipeline.userId()), url.base());
    }

    Entities.JobEntity job(Job job, ProjectRole role, Caller caller) {
        Project project = role.project();
        Pipeline pipeline = jobs.findPipeline(job.pipelineId()).orElseThrow();
        var runner =
                job.runnerId() == null ? null : runners.findById(job.runnerId()).orElse(null);
        return Entities.JobEntity.of(
                job,
                pipeline,
                project,
                user(job.userId()),
                runner,
                artifacts.forJob(job.id()),
                url.base(),
                clock.instant(),
                terminals.decide(caller == null ? null : caller.user(), role, job),
                holds.of(job).orElse(null));
    }

    private User user(Long id) {
        return id == null ? null : accounts.findUser(id).orElse(null);
    }
}
