package dev.porthole.server.variable;

/**
 * A project's CI/CD variable.
 *
 * @param variableType {@code env_var} or {@code file}
 * @param protectedOnly given only to jobs of protected branches (the default branch)
 * @param masked replaced by {@code [MASKED]} in job logs
 * @param raw its {@code $VAR} references are not expanded
 * @param environmentScope GitLab's environment scope; {@code *} for every job
 */
public record ProjectVariable(
        String key,
        String value,
        String variableType,
        boolean protectedOnly,
        boolean masked,
        boolean raw,
        String environmentScope,
        String description) {

    public boolean file() {
        return "file".equals(variableType);
    }
}
