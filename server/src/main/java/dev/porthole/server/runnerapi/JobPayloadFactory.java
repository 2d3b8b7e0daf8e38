package dev.porthole.server.runnerapi;

import dev.porthole.protocol.runnerapi.ExecutorOptions;
import dev.porthole.protocol.runnerapi.JobImage;
import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.protocol.runnerapi.JobStep;
import dev.porthole.protocol.runnerapi.JobVariable;
import dev.porthole.server.account.AccountService;
import dev.porthole.server.ciconfig.ImageDefinition;
import dev.porthole.server.ciconfig.VariableDefinition;
import dev.porthole.server.pipeline.Assignment;
import dev.porthole.server.pipeline.FailureReason;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.site.ExternalUrl;
import dev.porthole.server.site.ServerVersion;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/** Builds the job payload a runner receives, field for field as GitLab builds it. */
@Component
class JobPayloadFactory {
    /** GitLab fetches 20 commits unless a project says otherwise. */
    static final int GIT_DEPTH = 20;

    private final ProjectStore projects;
    private final AccountService accounts;
    private final JobService jobs;
    private final ExternalUrl url;

    JobPayloadFactory(ProjectStore projects, AccountService accounts, JobService jobs, ExternalUrl url) {
        this.projects = projects;
        this.accounts = accounts;
        this.jobs = jobs;
        this.url = url;
    }

    JobPayload build(Assignment assignment, Runner runner) {
        Job job = assignment.job();
        Pipeline pipeline = jobs.findPipeline(job.pipelineId()).orElseThrow();
        Project project = projects.findById(job.projectId()).orElseThrow();
        var user = job.userId() == null ? null : accounts.findUser(job.userId()).orElse(null);
        String repositoryUrl = repositoryUrl(project, assignment.token());

        List<JobVariable> variables = new ArrayList<>(PredefinedVariables.of(new PredefinedVariables.Context(
                job,
                pipeline,
                project,
                user,
                runner,
                assignment.token(),
                url.base(),
                repositoryUrl,
                ServerVersion.VERSION)));
        for (VariableDefinition variable : job.spec().variables()) {
            variables.add(new JobVariable(variable.key(), variable.value(), true, false, false, variable.raw()));
        }

        List<JobStep> steps = new ArrayList<>();
        List<String> script = new ArrayList<>(job.spec().beforeScript());
        script.addAll(job.spec().script());
        steps.add(new JobStep(JobStep.SCRIPT, script, job.timeoutSeconds(), "on_success", false));
        if (!job.spec().afterScript().isEmpty()) {
            steps.add(
                    new JobStep(JobStep.AFTER_SCRIPT, job.spec().afterScript(), job.timeoutSeconds(), "always", false));
        }

        long queued = job.queuedAt() == null || job.startedAt() == null
                ? 0
                : Duration.between(job.queuedAt(), job.startedAt()).toSeconds();
        return new JobPayload(
                job.id(),
                assignment.token(),
                true,
                new JobPayload.JobInfo(
                        job.id(),
                        job.name(),
                        job.stage(),
                        pipeline.id(),
                        project.id(),
                        project.path(),
                        project.fullPath(),
                        job.userId(),
                        queued),
                new JobPayload.GitInfo(
                        repositoryUrl,
                        "sha1",
                        pipeline.ref(),
                        pipeline.sha(),
                        pipeline.beforeSha(),
                        pipeline.tag() ? "tag" : "branch",
                        refspecs(pipeline),
                        GIT_DEPTH,
                        false),
                new JobPayload.RunnerJobInfo(job.timeoutSeconds(), null),
                variables,
                steps,
                image(job.spec().image()),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                new JobPayload.JobFeatures(
                        true,
                        List.of(
                                AccountService.TOKEN_PREFIX,
                                JobService.JOB_TOKEN_PREFIX,
                                RunnerService.CREATED_RUNNER_PREFIX),
                        Arrays.stream(FailureReason.values())
                                .map(FailureReason::wireName)
                                .toList()));
    }

    private String repositoryUrl(Project project, String token) {
        URI base = URI.create(url.base());
        String authority = "gitlab-ci-token:" + token + "@" + base.getRawAuthority();
        return base.getScheme() + "://" + authority + base.getRawPath() + "/" + project.fullPath() + ".git";
    }

    private static List<String> refspecs(Pipeline pipeline) {
        String pipelineRef = "refs/pipelines/" + pipeline.id();
        String refRefspec = pipeline.tag()
                ? "+refs/tags/" + pipeline.ref() + ":refs/tags/" + pipeline.ref()
                : "+refs/heads/" + pipeline.ref() + ":refs/remotes/origin/" + pipeline.ref();
        return List.of("+" + pipelineRef + ":" + pipelineRef, refRefspec);
    }

    static JobImage image(ImageDefinition image) {
        if (image == null) {
            return null;
        }
        ExecutorOptions options = image.user() == null && image.platform() == null
                ? ExecutorOptions.NONE
                : new ExecutorOptions(new ExecutorOptions.Docker(image.platform(), image.user()));
        return new JobImage(
                image.name(),
                image.entrypoint(),
                options,
                List.of(),
                image.pullPolicy().isEmpty() ? null : image.pullPolicy());
    }
}
