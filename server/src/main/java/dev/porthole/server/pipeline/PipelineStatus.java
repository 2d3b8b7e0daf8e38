package dev.porthole.server.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A pipeline's state, derived from its jobs by {@link PipelineStatusRule}. */
public enum PipelineStatus {
    CREATED,
    PENDING,
    RUNNING,
    SUCCESS,
    FAILED,
    CANCELED,
    SKIPPED,
    MANUAL,
    SCHEDULED;

    public boolean complete() {
        return this == SUCCESS || this == FAILED || this == CANCELED || this == SKIPPED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PipelineStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
