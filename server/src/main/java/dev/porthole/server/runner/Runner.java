package dev.porthole.server.runner;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * A registered runner.
 *
 * @param tokenPrefix the token's first characters, to tell runners apart without showing their secret
 * @param registration {@code legacy} (registration token) or {@code created} (by an administrator)
 * @param maximumTimeout seconds a job may run on this runner at most, or null
 * @param terminalSupport whether it offers interactive terminals, as its last job request showed; null before one
 */
public record Runner(
        long id,
        String tokenPrefix,
        String description,
        List<String> tags,
        boolean runUntagged,
        boolean locked,
        boolean paused,
        String runnerType,
        Integer maximumTimeout,
        String registration,
        Instant createdAt,
        Instant contactedAt,
        String version,
        String platform,
        String architecture,
        String executor,
        String ipAddress,
        TerminalSupport terminalSupport) {

    /** GitLab counts a runner online when it made contact within this window. */
    public static final Duration ONLINE_WINDOW = Duration.ofHours(2);

    /** {@code paused}, {@code never_contacted}, {@code online} or {@code offline}, as GitLab's API names them. */
    public String status(Instant now) {
        if (paused) {
            return "paused";
        }
        if (contactedAt == null) {
            return "never_contacted";
        }
        return online(now) ? "online" : "offline";
    }

    /** Whether it made contact within {@link #ONLINE_WINDOW}, paused or not. */
    public boolean online(Instant now) {
        return contactedAt != null && contactedAt.isAfter(now.minus(ONLINE_WINDOW));
    }

    /** Whether this runner may take a job with these tags: it must carry them all; untagged jobs if it allows. */
    public boolean canRun(List<String> jobTags) {
        if (paused) {
            return false;
        }
        if (jobTags.isEmpty()) {
            return runUntagged;
        }
        return new HashSet<>(tags).containsAll(jobTags);
    }
}
