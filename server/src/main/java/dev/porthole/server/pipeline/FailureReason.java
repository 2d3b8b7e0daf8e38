package dev.porthole.server.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a job failed, with GitLab's names: runners report some, the server decides the others. */
public enum FailureReason {
    SCRIPT_FAILURE,
    RUNNER_SYSTEM_FAILURE,
    JOB_EXECUTION_TIMEOUT,
    STUCK_OR_TIMEOUT_FAILURE,
    TRACE_SIZE_EXCEEDED,
    API_FAILURE,
    UNKNOWN_FAILURE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason a runner reported; anything this server does not know becomes {@link #UNKNOWN_FAILURE}. */
    public static FailureReason fromRunner(String name) {
        return fromWireName(name).orElse(UNKNOWN_FAILURE);
    }

    public static Optional<FailureReason> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}
