package dev.porthole.server.ciconfig;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** When a job runs, relative to the jobs of earlier stages. */
public enum When {
    /** When every job of earlier stages succeeded (or was allowed to fail). */
    ON_SUCCESS,
    /** When a job of an earlier stage failed. */
    ON_FAILURE,
    /** Whatever happened before. */
    ALWAYS,
    /** When someone starts it. */
    MANUAL,
    /** Like on_success, but a while after it is due ({@code start_in}). */
    DELAYED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<When> fromWireName(String name) {
        return Arrays.stream(values()).filter(w -> w.wireName().equals(name)).findFirst();
    }
}
