package dev.porthole.runner.client;

import dev.porthole.protocol.runnerapi.RunnerInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What this runner says about itself in every request: version, platform, executor and features. */
public final class RunnerDescription {
    public static final String NAME = "porthole-runner";
    public static final String VERSION = version();

    private RunnerDescription() {}

    /** Without terminals: for commands that only register or verify. */
    public static RunnerInfo forExecutor(String executor) {
        return forExecutor(executor, false);
    }

    /**
     * @param terminals whether jobs of this runner offer terminals ({@code features.session} and
     *     {@code features.terminal}): a session server runs and the executor has terminals
     */
    public static RunnerInfo forExecutor(String executor, boolean terminals) {
        Map<String, Boolean> features = new LinkedHashMap<>();
        for (String feature : new String[] {
            "variables",
            "raw_variables",
            "masking",
            "refspecs",
            "multi_build_steps",
            "return_exit_code",
            "trace_reset",
            "trace_checksum",
            "trace_size",
            "cancelable",
            "cancel_gracefully",
            "two_phase_job_commit"
        }) {
            features.put(feature, true);
        }
        boolean docker = "docker".equals(executor);
        features.put("image", docker);
        features.put("services", docker);
        for (String feature : new String[] {
            "artifacts",
            "cache",
            "fallback_cache_keys",
            "shared",
            "upload_multiple_artifacts",
            "upload_raw_artifacts",
            "proxy",
            "artifacts_exclude",
            "vault_secrets",
            "service_variables",
            "service_multiple_aliases",
            "image_executor_opts",
            "service_executor_opts",
            "native_steps_integration",
            "job_inputs"
        }) {
            features.put(feature, false);
        }
        features.put("session", terminals);
        features.put("terminal", terminals);
        return new RunnerInfo(NAME, VERSION, "porthole", "linux", architecture(), executor, "bash", features);
    }

    public static String userAgent() {
        return NAME + " " + VERSION + " (java " + Runtime.version().feature() + "; linux/" + architecture() + ")";
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static String version() {
        String version = RunnerDescription.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
