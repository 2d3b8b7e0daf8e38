package dev.porthole.server.trigger;

import dev.porthole.server.ciconfig.CiConfig;
import dev.porthole.server.ciconfig.CiConfigCompiler;
import dev.porthole.server.ciconfig.CiConfigError;
import dev.porthole.server.ciconfig.CiConfigException;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.JobService.PipelineOrigin;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.pipeline.PipelineVariable;
import dev.porthole.server.project.Project;
import dev.porthole.server.repository.RepositoryStorage;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Makes pipelines from the {@code .gitlab-ci.yml} of a commit. */
@Service
public class PipelineTrigger {
    public static final String CONFIG_FILE = ".gitlab-ci.yml";
    private static final Logger LOG = LoggerFactory.getLogger(PipelineTrigger.class);

    private final RepositoryStorage repositories;
    private final JobService jobService;
    private final PipelineContexts contexts;

    PipelineTrigger(RepositoryStorage repositories, JobService jobService, PipelineContexts contexts) {
        this.repositories = repositories;
        this.jobService = jobService;
        this.contexts = contexts;
    }

    /** A pipeline for the commit a branch or tag points at now. */
    public TriggerResult forRef(
            Project project, String ref, String source, Long userId, List<PipelineVariable> variables) {
        boolean tag = repositories.isTag(project.id(), ref);
        Optional<String> sha = repositories.resolve(project.id(), (tag ? "refs/tags/" : "refs/heads/") + ref);
        if (sha.isEmpty()) {
            return new TriggerResult.UnknownRef(ref);
        }
        return forCommit(project, ref, tag, sha.get(), ObjectId.zeroId().name(), source, userId, variables);
    }

    /**
     * A pipeline for a given commit of a branch or tag ({@code beforeSha}: where the branch was before a push). One
     * transaction: runners are woken only after the commit, when the pipeline's ref already exists for them to fetch.
     */
    @Transactional
    public TriggerResult forCommit(
            Project project,
            String ref,
            boolean tag,
            String sha,
            String beforeSha,
            String source,
            Long userId,
            List<PipelineVariable> variables) {
        var files = new CommitFiles(repositories, project.id(), sha);
        Optional<String> text = files.read(CONFIG_FILE);
        if (text.isEmpty()) {
            return new TriggerResult.NoConfig(ref, sha);
        }
        var origin = new PipelineOrigin(project.id(), ref, tag, sha, beforeSha, source, userId);
        var context =
                contexts.of(new PipelineContexts.At(project, ref, tag, sha, beforeSha, source, userId), variables);
        CiConfig config;
        try {
            config = CiConfigCompiler.compile(text.get(), files, context);
        } catch (CiConfigException e) {
            List<CiConfigError> errors = e.errors();
            String lines = errors.stream().map(CiConfigError::describe).collect(Collectors.joining("\n"));
            Pipeline failed = jobService.createFailedPipeline(origin, lines);
            LOG.info("pipeline {} of {} failed: invalid {}: {}", failed.id(), project.fullPath(), CONFIG_FILE, lines);
            return new TriggerResult.Invalid(failed, errors);
        }
        if (!config.created()) {
            LOG.info("no pipeline for {} of {}: {}", ref, project.fullPath(), config.skippedBecause());
            return new TriggerResult.Skipped(config.skippedBecause());
        }
        Pipeline pipeline = jobService.createPipeline(origin, config, variables);
        // Runners fetch this ref, so the commit stays reachable even after the branch moves on.
        repositories.updateRef(project.id(), "refs/pipelines/" + pipeline.id(), sha);
        LOG.info("pipeline {} of {} created for {} at {}", pipeline.id(), project.fullPath(), ref, sha.substring(0, 8));
        return new TriggerResult.Created(pipeline);
    }
}
