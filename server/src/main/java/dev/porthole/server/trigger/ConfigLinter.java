package dev.porthole.server.trigger;

import dev.porthole.server.ciconfig.CiConfig;
import dev.porthole.server.ciconfig.CiConfigCompiler;
import dev.porthole.server.ciconfig.CiConfigError;
import dev.porthole.server.ciconfig.CiConfigException;
import dev.porthole.server.ciconfig.ConfigSource;
import dev.porthole.server.ciconfig.PipelineContext;
import dev.porthole.server.project.Project;
import dev.porthole.server.repository.RepositoryStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.springframework.stereotype.Service;

/**
 * Checks a {@code .gitlab-ci.yml} without making a pipeline: as a push to a ref would see it, with the ref's files
 * for {@code include: local} and {@code rules: exists}.
 */
@Service
public class ConfigLinter {
    private final RepositoryStorage repositories;
    private final PipelineContexts contexts;

    ConfigLinter(RepositoryStorage repositories, PipelineContexts contexts) {
        this.repositories = repositories;
        this.contexts = contexts;
    }

    /** The project's own configuration at a branch or tag; empty when the ref or the file does not exist. */
    public Optional<LintReport> lintRef(Project project, String ref, Long userId) {
        return commitOf(project, ref, userId)
                .flatMap(commit -> new CommitFiles(repositories, project.id(), commit.sha())
                        .read(PipelineTrigger.CONFIG_FILE)
                        .map(text -> lint(project, text, ref, userId)));
    }

    /** A text, as if it were the configuration at {@code ref} (the default branch when null). */
    public LintReport lint(Project project, String content, String ref, Long userId) {
        String target = ref == null || ref.isBlank() ? project.defaultBranch() : ref;
        Optional<PipelineContexts.At> commit = commitOf(project, target, userId);
        ConfigSource files = commit.<ConfigSource>map(c -> new CommitFiles(repositories, project.id(), c.sha()))
                .orElse(ConfigSource.empty());
        PipelineContext context = commit.map(c -> contexts.of(c, List.of())).orElse(PipelineContext.forBranch(target));
        try {
            CiConfig config = CiConfigCompiler.compile(content, files, context);
            List<String> warnings = new ArrayList<>();
            if (!config.created()) {
                warnings.add("No pipeline would be created for " + target + ": " + config.skippedBecause());
            }
            return new LintReport(
                    true, List.of(), warnings, config.mergedYaml(), config.includedFiles(), config.jobs());
        } catch (CiConfigException e) {
            return new LintReport(
                    false,
                    e.errors().stream().map(CiConfigError::describe).toList(),
                    List.of(),
                    null,
                    List.of(),
                    List.of());
        }
    }

    private Optional<PipelineContexts.At> commitOf(Project project, String ref, Long userId) {
        boolean tag = repositories.isTag(project.id(), ref);
        return repositories
                .resolve(project.id(), (tag ? "refs/tags/" : "refs/heads/") + ref)
                .map(sha -> new PipelineContexts.At(
                        project, ref, tag, sha, ObjectId.zeroId().name(), "push", userId));
    }
}
