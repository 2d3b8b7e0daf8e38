package dev.porthole.server.debughold;

import java.time.Duration;
import java.time.Instant;

/**
 * A failed job's hold, as stored.
 *
 * @param requested what the job asked for ({@code PORTHOLE_DEBUG_HOLD}, capped by the maximum): each Extend adds it
 * @param exitCode the failed script's exit code, which the job ends with
 * @param releasedAt when someone released it; null while it runs or when it ran out on its own
 * @param releasedBy who released it, when someone did
 */
public record JobHold(
        long jobId,
        Duration requested,
        int exitCode,
        Instant startedAt,
        Instant endsAt,
        int extensions,
        Instant releasedAt,
        Long releasedBy) {

    /** Neither released nor run out: the runner keeps the job's environment. */
    public boolean open(Instant now) {
        return releasedAt == null && endsAt.isAfter(now);
    }

    /** Time left, zero once over. */
    public Duration remaining(Instant now) {
        return open(now) ? Duration.between(now, endsAt) : Duration.ZERO;
    }

    /** The latest the hold may end: its start plus the maximum. */
    public Instant limit(Duration maximum) {
        return startedAt.plus(maximum);
    }
}
