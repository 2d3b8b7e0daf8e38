package dev.porthole.server.runnerapi;

import dev.porthole.protocol.runnerapi.DebugHold;
import dev.porthole.protocol.runnerapi.ExecutorOptions;
import dev.porthole.protocol.runnerapi.JobImage;
import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.protocol.runnerapi.JobStep;
import dev.porthole.protocol.runnerapi.JobVariable;
import dev.porthole.server.account.AccountService;
import dev.porthole.server.artifact.ArtifactService;
import dev.porthole.server.ciconfig.ArtifactsDefinition;
import dev.porthole.server.ciconfig.CacheDefinition;
import dev.porthole.server.ciconfig.ImageDefinition;
import dev.porthole.server.ciconfig.Need;
import dev.porthole.server.ciconfig.ServiceDefinition;
import dev.porthole.server.ciconfig.VariableDefinition;
import dev.porthole.server.pipeline.Assignment;
import dev.porthole.server.pipeline.FailureReason;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.pipeline.PipelineVariable;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.repository.RepositoryStorage;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.site.ExternalUrl;
import dev.porthole.server.site.ServerVersion;
import dev.porthole.server.variable.ProjectVariable;
import dev.porthole.server.variable.ProjectVariableService;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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
    private final ProjectVariableService projectVariables;
    private final ArtifactService artifactService;
    private final RepositoryStorage repositories;

    JobPayloadFactory(
            ProjectStore projects,
            AccountService accounts,
            JobService jobs,
            ExternalUrl url,
            ProjectVariableService projectVariables,
            ArtifactService artifactService,
            RepositoryStorage repositories) {
        this.projects = projects;
        this.accounts = accounts;
        this.jobs = jobs;
        this.url = url;
        this.projectVariables = projectVariables;
        this.artifactService = artifactService;
        this.repositories = repositories;
    }

    JobPayload build(Assignment assignment, Runner runner) {
        Job job = assignment.job();
        Pipeline pipeline = jobs.findPipeline(job.pipelineId()).orElseThrow();
        Project project = projects.findById(job.projectId()).orElseThrow();
        var user = job.userId() == null ? null : accounts.findUser(job.userId()).orElse(null);
        String repositoryUrl = repositoryUrl(project, assignment.token());

        // Later entries win on the runner: YAML, then the project's variables, then the pipeline's.
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
        for (ProjectVariable variable : projectVariables.forRef(project, pipeline.ref(), pipeline.tag())) {
            variables.add(new JobVariable(
                    variable.key(), variable.value(), false, variable.file(), variable.masked(), variable.raw()));
        }
        for (PipelineVariable variable : jobs.variablesOf(pipeline.id())) {
            variables.add(new JobVariable(variable.key(), variable.value(), false, variable.file(), false, false));
        }
        if (job.spec().debugHold() != null) {
            variables.add(new JobVariable(DebugHold.VARIABLE, job.spec().debugHold(), true, false, false, true));
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
                job.spec().services().stream().map(JobPayloadFactory::service).toList(),
                artifacts(job.spec().artifacts()),
                caches(job, pipeline),
                List.of(),
                dependencies(job, assignment.token()),
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

    private static List<JobPayload.Artifacts> artifacts(ArtifactsDefinition artifacts) {
        if (artifacts == null) {
            return List.of();
        }
        return List.of(new JobPayload.Artifacts(
                artifacts.name(),
                artifacts.untracked(),
                artifacts.paths(),
                artifacts.exclude(),
                artifacts.when(),
                "archive",
                "zip",
                artifacts.expireIn()));
    }

    private List<JobPayload.Cache> caches(Job job, Pipeline pipeline) {
        List<JobPayload.Cache> caches = new ArrayList<>();
        for (CacheDefinition cache : job.spec().cache()) {
            caches.add(new JobPayload.Cache(
                    cacheKey(cache, pipeline),
                    cache.untracked(),
                    cache.policy(),
                    cache.paths(),
                    cache.when(),
                    cache.fallbackKeys()));
        }
        return caches;
    }

    /** {@code key:files}: a hash of the files at the job's commit, so the cache changes when they do. */
    private String cacheKey(CacheDefinition cache, Pipeline pipeline) {
        if (cache.keyFiles().isEmpty()) {
            return cache.key();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            boolean any = false;
            for (String file : cache.keyFiles()) {
                Optional<byte[]> content = repositories.readFile(pipeline.projectId(), pipeline.sha(), file);
                if (content.isPresent()) {
                    sha.update(file.getBytes(StandardCharsets.UTF_8));
                    sha.update(content.get());
                    any = true;
                }
            }
            String key = any ? HexFormat.of().formatHex(sha.digest()).substring(0, 40) : "default";
            return cache.keyPrefix() == null ? key : cache.keyPrefix() + "-" + key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The earlier jobs whose archives this job downloads: those {@code dependencies} names, else those of
     * {@code needs} (unless {@code artifacts: false}), else every job of the earlier stages, as in GitLab.
     */
    private List<JobPayload.Dependency> dependencies(Job job, String token) {
        List<Job> pipelineJobs =
                jobs.jobsOf(job.pipelineId()).stream().filter(j -> !j.retried()).toList();
        Set<String> names;
        if (job.spec().dependencies() != null) {
            names = Set.copyOf(job.spec().dependencies());
        } else if (job.spec().needs() != null) {
            names = job.spec().needs().stream()
                    .filter(Need::artifacts)
                    .map(Need::job)
                    .collect(Collectors.toSet());
        } else {
            names = pipelineJobs.stream()
                    .filter(j -> j.stageIndex() < job.stageIndex())
                    .map(Job::name)
                    .collect(Collectors.toSet());
        }
        List<JobPayload.Dependency> dependencies = new ArrayList<>();
        for (Job other : pipelineJobs) {
            if (names.contains(other.name())) {
                artifactService
                        .archive(other.id())
                        .ifPresent(archive -> dependencies.add(new JobPayload.Dependency(
                                other.id(),
                                token,
                                other.name(),
                                new JobPayload.ArtifactsFile(archive.filename(), archive.size()))));
            }
        }
        return dependencies;
    }

    static dev.porthole.protocol.runnerapi.JobService service(ServiceDefinition service) {
        ExecutorOptions options = service.user() == null && service.platform() == null
                ? ExecutorOptions.NONE
                : new ExecutorOptions(new ExecutorOptions.Docker(service.platform(), service.user()));
        return new dev.porthole.protocol.runnerapi.JobService(
                service.name(),
                service.aliases().isEmpty() ? null : String.join(",", service.aliases()),
                service.command(),
                service.entrypoint(),
                options,
                List.of(),
                service.pullPolicy().isEmpty() ? null : service.pullPolicy(),
                service.variables().stream()
                        .map(v -> new dev.porthole.protocol.runnerapi.JobService.Variable(v.key(), v.value()))
                        .toList());
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
