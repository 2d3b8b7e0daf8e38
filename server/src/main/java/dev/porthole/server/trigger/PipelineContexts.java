package dev.porthole.server.trigger;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.ciconfig.PipelineContext;
import dev.porthole.server.pipeline.PipelineVariable;
import dev.porthole.server.project.Project;
import dev.porthole.server.repository.RepositoryStorage;
import dev.porthole.server.variable.ProjectVariable;
import dev.porthole.server.variable.ProjectVariableService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What {@code rules} see for a pipeline: the same for a real pipeline and for the linter's dry run. */
@Component
class PipelineContexts {
    private final RepositoryStorage repositories;
    private final ProjectVariableService projectVariables;
    private final AccountService accounts;

    PipelineContexts(RepositoryStorage repositories, ProjectVariableService projectVariables, AccountService accounts) {
        this.repositories = repositories;
        this.projectVariables = projectVariables;
        this.accounts = accounts;
    }

    /** A commit of a ref ({@code beforeSha}: where the branch was before a push, zeros when unknown). */
    record At(Project project, String ref, boolean tag, String sha, String beforeSha, String source, Long userId) {}

    PipelineContext of(At at, List<PipelineVariable> variables) {
        return new PipelineContext(
                variables(at, variables),
                at.ref(),
                at.tag(),
                at.source(),
                repositories.changedFiles(at.project().id(), at.beforeSha(), at.sha()));
    }

    /** GitLab's predefined variables that exist before the pipeline does, then the project's, then the pipeline's. */
    private Map<String, String> variables(At at, List<PipelineVariable> variables) {
        Project project = at.project();
        Map<String, String> v = new HashMap<>();
        v.put("CI", "true");
        v.put("GITLAB_CI", "true");
        v.put("CI_PIPELINE_SOURCE", at.source());
        v.put("CI_COMMIT_REF_NAME", at.ref());
        v.put(at.tag() ? "CI_COMMIT_TAG" : "CI_COMMIT_BRANCH", at.ref());
        v.put("CI_COMMIT_SHA", at.sha());
        v.put("CI_COMMIT_BEFORE_SHA", at.beforeSha());
        String message = repositories.message(project.id(), at.sha());
        v.put("CI_COMMIT_MESSAGE", message);
        v.put("CI_COMMIT_TITLE", message.lines().findFirst().orElse(""));
        v.put("CI_DEFAULT_BRANCH", project.defaultBranch());
        v.put("CI_PROJECT_ID", Long.toString(project.id()));
        v.put("CI_PROJECT_NAME", project.path());
        v.put("CI_PROJECT_PATH", project.fullPath());
        v.put("CI_PROJECT_NAMESPACE", project.namespacePath());
        if (at.userId() != null) {
            accounts.findUser(at.userId()).ifPresent(u -> v.put("GITLAB_USER_LOGIN", u.username()));
        }
        for (ProjectVariable variable : projectVariables.forRef(project, at.ref(), at.tag())) {
            v.put(variable.key(), variable.value());
        }
        variables.forEach(p -> v.put(p.key(), p.value()));
        return v;
    }
}
