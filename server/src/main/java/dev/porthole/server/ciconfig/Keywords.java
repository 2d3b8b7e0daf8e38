package dev.porthole.server.ciconfig;

import java.util.List;
import java.util.Set;

/**
 * Which of GitLab's keywords Porthole understands. A keyword GitLab has and Porthole does not yet is rejected as
 * "not supported yet", naming it; anything else is rejected as unknown, so that nothing is ever silently ignored.
 */
final class Keywords {
    static final Set<String> GLOBAL_SUPPORTED = Set.of(
            "stages",
            "variables",
            "default",
            "workflow",
            "image",
            "services",
            "before_script",
            "after_script",
            "cache");
    static final Set<String> GLOBAL_UNSUPPORTED = Set.of("types", "spec", "$schema");

    static final Set<String> JOB_SUPPORTED = Set.of(
            "script",
            "before_script",
            "after_script",
            "stage",
            "when",
            "start_in",
            "allow_failure",
            "timeout",
            "tags",
            "image",
            "services",
            "variables",
            "rules",
            "only",
            "except",
            "needs",
            "dependencies",
            "parallel",
            "retry",
            "interruptible",
            "artifacts",
            "cache");
    static final Set<String> JOB_UNSUPPORTED = Set.of(
            "coverage",
            "dast_configuration",
            "environment",
            "hooks",
            "id_tokens",
            "identity",
            "inherit",
            "inputs",
            "manual_confirmation",
            "pages",
            "publish",
            "release",
            "resource_group",
            "run",
            "secrets",
            "trigger");

    static final Set<String> DEFAULT_SUPPORTED = Set.of(
            "before_script",
            "after_script",
            "image",
            "services",
            "tags",
            "timeout",
            "retry",
            "interruptible",
            "cache",
            "artifacts");
    static final Set<String> DEFAULT_UNSUPPORTED = Set.of("hooks", "id_tokens", "identity");

    static final Set<String> IMAGE_SUPPORTED = Set.of("name", "entrypoint", "docker", "pull_policy");
    static final Set<String> IMAGE_UNSUPPORTED = Set.of("kubernetes");
    static final Set<String> SERVICE_SUPPORTED =
            Set.of("name", "alias", "entrypoint", "command", "variables", "docker", "pull_policy");
    static final Set<String> SERVICE_UNSUPPORTED = Set.of("kubernetes");

    static final Set<String> VARIABLE_SUPPORTED = Set.of("value", "description", "expand");
    static final Set<String> VARIABLE_UNSUPPORTED = Set.of("options");

    static final Set<String> RULE_SUPPORTED =
            Set.of("if", "changes", "exists", "when", "start_in", "allow_failure", "variables");
    static final Set<String> RULE_UNSUPPORTED = Set.of("needs", "interruptible");
    static final Set<String> WORKFLOW_SUPPORTED = Set.of("rules", "name");
    static final Set<String> WORKFLOW_UNSUPPORTED = Set.of("auto_cancel");
    static final Set<String> ONLY_SUPPORTED = Set.of("refs", "variables", "changes");
    static final Set<String> ONLY_UNSUPPORTED = Set.of("kubernetes");

    static final Set<String> ARTIFACTS_SUPPORTED = Set.of("paths", "exclude", "untracked", "when", "expire_in", "name");
    static final Set<String> ARTIFACTS_UNSUPPORTED = Set.of("reports", "expose_as", "public", "access");
    static final Set<String> CACHE_SUPPORTED =
            Set.of("key", "paths", "policy", "when", "untracked", "fallback_keys", "unprotect");
    static final Set<String> RETRY_SUPPORTED = Set.of("max", "when", "exit_codes");
    static final Set<String> NEED_SUPPORTED = Set.of("job", "optional", "artifacts");
    static final Set<String> NEED_UNSUPPORTED = Set.of("pipeline", "project", "ref", "parallel");

    /** GitLab's failure reasons that {@code retry:when} accepts. */
    static final Set<String> RETRY_REASONS = Set.of(
            "always",
            "unknown_failure",
            "script_failure",
            "api_failure",
            "stuck_or_timeout_failure",
            "runner_system_failure",
            "runner_unsupported",
            "stale_schedule",
            "job_execution_timeout",
            "archived_failure",
            "unmet_prerequisites",
            "scheduler_failure",
            "data_integrity_failure");

    /** Stages every pipeline has unless {@code stages} says otherwise. */
    static final List<String> DEFAULT_STAGES = List.of("build", "test", "deploy");

    private Keywords() {}
}
