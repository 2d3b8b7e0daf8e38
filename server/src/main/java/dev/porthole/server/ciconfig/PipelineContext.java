package dev.porthole.server.ciconfig;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What decides which jobs a pipeline gets ({@code rules}, {@code only}/{@code except}, {@code workflow}).
 *
 * @param variables the variables {@code rules: if} sees: predefined ones, the project's, the pipeline's
 * @param source {@code push}, {@code api}, {@code web}, ...
 * @param changedFiles the files the push changed; empty when unknown (a new branch, an API pipeline), in which case
 *     {@code changes} is true, as in GitLab
 */
public record PipelineContext(
        Map<String, String> variables, String ref, boolean tag, String source, Optional<Set<String>> changedFiles) {

    public PipelineContext {
        variables = Map.copyOf(variables);
    }

    /** A push to main with no variables: what tests and the linter assume. */
    public static PipelineContext forBranch(String branch) {
        return new PipelineContext(
                Map.of("CI_COMMIT_BRANCH", branch, "CI_COMMIT_REF_NAME", branch, "CI_PIPELINE_SOURCE", "push"),
                branch,
                false,
                "push",
                Optional.empty());
    }
}
