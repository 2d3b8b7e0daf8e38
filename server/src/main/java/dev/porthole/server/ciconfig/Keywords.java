package dev.porthole.server.ciconfig;

import java.util.List;
import java.util.Set;

/**
 * Which of GitLab's keywords Porthole understands. A keyword GitLab has and Porthole does not yet is rejected as
 * "not supported yet", naming it; anything else is rejected as unknown, so that nothing is ever silently ignored.
 */
final class Keywords {
    static final Set<String> GLOBAL_SUPPORTED =
            Set.of("stages", "variables", "default", "image", "before_script", "after_script");
    static final Set<String> GLOBAL_UNSUPPORTED =
            Set.of("include", "workflow", "services", "cache", "types", "spec", "$schema", "!reference");

    static final Set<String> JOB_SUPPORTED = Set.of(
            "script",
            "before_script",
            "after_script",
            "stage",
            "when",
            "allow_failure",
            "timeout",
            "tags",
            "image",
            "variables");
    static final Set<String> JOB_UNSUPPORTED = Set.of(
            "artifacts",
            "cache",
            "coverage",
            "dast_configuration",
            "dependencies",
            "environment",
            "except",
            "extends",
            "hooks",
            "id_tokens",
            "identity",
            "inherit",
            "inputs",
            "interruptible",
            "manual_confirmation",
            "needs",
            "only",
            "pages",
            "parallel",
            "publish",
            "release",
            "resource_group",
            "retry",
            "rules",
            "run",
            "secrets",
            "services",
            "start_in",
            "trigger");

    static final Set<String> DEFAULT_SUPPORTED = Set.of("before_script", "after_script", "image", "tags", "timeout");
    static final Set<String> DEFAULT_UNSUPPORTED =
            Set.of("artifacts", "cache", "hooks", "id_tokens", "identity", "interruptible", "retry", "services");

    static final Set<String> IMAGE_SUPPORTED = Set.of("name", "entrypoint", "docker", "pull_policy");
    static final Set<String> IMAGE_UNSUPPORTED = Set.of("kubernetes");

    static final Set<String> VARIABLE_SUPPORTED = Set.of("value", "description", "expand");
    static final Set<String> VARIABLE_UNSUPPORTED = Set.of("options");

    /** Stages every pipeline has unless {@code stages} says otherwise. */
    static final List<String> DEFAULT_STAGES = List.of("build", "test", "deploy");

    private Keywords() {}
}
