package dev.porthole.server.pipeline;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A job's state, with GitLab's names, and the only moves allowed between states. */
public enum JobStatus {
    CREATED,
    PENDING,
    RUNNING,
    SUCCESS,
    FAILED,
    CANCELING,
    CANCELED,
    SKIPPED,
    MANUAL,
    /** A delayed job waiting for its time ({@code when: delayed}). */
    SCHEDULED;

    private static final Map<JobStatus, Set<JobStatus>> TRANSITIONS = Map.of(
            CREATED, EnumSet.of(PENDING, SKIPPED, MANUAL, SCHEDULED, CANCELED),
            MANUAL, EnumSet.of(PENDING, SKIPPED, CANCELED),
            SCHEDULED, EnumSet.of(PENDING, SKIPPED, CANCELED),
            PENDING, EnumSet.of(RUNNING, CANCELED, FAILED),
            RUNNING, EnumSet.of(SUCCESS, FAILED, CANCELING, CANCELED),
            CANCELING, EnumSet.of(CANCELED),
            // A retry reopens the jobs that an earlier failure skipped.
            SKIPPED, EnumSet.of(CREATED),
            SUCCESS, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            CANCELED, EnumSet.noneOf(JobStatus.class));

    public boolean canTransitionTo(JobStatus next) {
        return TRANSITIONS.get(this).contains(next);
    }

    /** Finished for good: nothing more will happen to this job unless it is retried. */
    public boolean complete() {
        return this == SUCCESS || this == FAILED || this == CANCELED || this == SKIPPED;
    }

    /** Waiting for or on a runner. */
    public boolean active() {
        return this == PENDING || this == RUNNING || this == CANCELING;
    }

    /** Held by a runner, which keeps reporting on it. */
    public boolean onRunner() {
        return this == RUNNING || this == CANCELING;
    }

    public boolean retryable() {
        return this == SUCCESS || this == FAILED || this == CANCELED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
