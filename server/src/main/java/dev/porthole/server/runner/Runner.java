package dev.porthole.server.runner;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * A registered runner.
 *
 * @param tokenPrefix the token's first characters, to tell runners apart without showing their secret
 * @param registration {@code legacy} (registration token) or {@code created} (by an administrator)
 * @param maximumTimeout seconds a job may run on this runner at most, or null
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
        String ipAddress) {

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
