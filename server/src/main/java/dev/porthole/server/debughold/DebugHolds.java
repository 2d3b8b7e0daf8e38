package dev.porthole.server.debughold;

import dev.porthole.server.audit.AuditLog;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.settings.SettingsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Holds of failed jobs. A runner reports a hold when a job that asked for one fails; from then on the server decides
 * when it ends: users extend it (by what the job asked for, never past the administrator's maximum from its start)
 * or release it, and every answer to the runner about the job carries the time left.
 */
@Service
public class DebugHolds {
    /** The CI variable a job asks for a hold with, as the runner reads it. */
    public static final String VARIABLE = "PORTHOLE_DEBUG_HOLD";

    /** The setting with the longest a hold may last from its start, in seconds. */
    static final String MAXIMUM_SETTING = "debug_hold_maximum_seconds";

    public static final Duration DEFAULT_MAXIMUM = Duration.ofHours(1);
    /** Administrators may allow up to a day: a runner slot held longer is a runner lost. */
    public static final Duration LARGEST_MAXIMUM = Duration.ofDays(1);

    private final DebugHoldStore store;
    private final SettingsStore settings;
    private final AuditLog audit;
    private final Clock clock;

    public DebugHolds(DebugHoldStore store, SettingsStore settings, AuditLog audit, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A runner reports that it holds this running job (again, on every keep-alive while it does). Returns the time
     * the hold has left: the first report starts it, capped by the maximum.
     */
    @Transactional
    public Duration reportedByRunner(Job job, Duration asked, int exitCode) {
        Instant now = clock.instant();
        if (job.status() == JobStatus.RUNNING && asked.isPositive()) {
            Duration requested = min(asked, maximum());
            store.insertIfAbsent(new JobHold(job.id(), requested, exitCode, now, now.plus(requested), 0, null, null));
        }
        return remaining(job).orElse(Duration.ZERO);
    }

    /** For a job that has a hold: the time it has left, zero when released or over (the runner ends it then). */
    public Optional<Duration> remaining(Job job) {
        Instant now = clock.instant();
        return store.find(job.id())
                .map(hold -> job.status() == JobStatus.RUNNING ? hold.remaining(now) : Duration.ZERO);
    }

    /** The job's hold, open or not, if it ever had one. */
    public Optional<JobHold> of(Job job) {
        return store.find(job.id());
    }

    /** The hold of a running job that is open now. */
    public Optional<JobHold> open(Job job) {
        Instant now = clock.instant();
        return job.status() == JobStatus.RUNNING
                ? store.find(job.id()).filter(hold -> hold.open(now))
                : Optional.empty();
    }

    /** Every open hold of a running job, soonest end first. */
    public List<JobHold> allOpen() {
        return store.open(clock.instant());
    }

    /** Adds the duration the job asked for, up to the maximum from the hold's start. */
    @Transactional
    public HoldChange extend(Job job) {
        Instant now = clock.instant();
        Optional<JobHold> found = open(job);
        if (found.isEmpty()) {
            return new HoldChange.NotHeld();
        }
        var hold = found.get();
        Instant limit = hold.limit(maximum());
        if (!hold.endsAt().isBefore(limit)) {
            return new HoldChange.AtMaximum(hold.endsAt());
        }
        Instant wanted = hold.endsAt().plus(hold.requested());
        Instant endsAt = wanted.isAfter(limit) ? limit : wanted;
        if (!store.extend(job.id(), endsAt, now)) {
            return new HoldChange.NotHeld();
        }
        return new HoldChange.Extended(endsAt, wanted.isAfter(limit));
    }

    /** Ends the hold now: the runner cleans up and the job ends failed with its exit code. */
    @Transactional
    public HoldChange release(Job job, long userId) {
        if (open(job).isEmpty() || !store.release(job.id(), userId, clock.instant())) {
            return new HoldChange.NotHeld();
        }
        return new HoldChange.Released();
    }

    /** The longest a hold may last from its start. */
    public Duration maximum() {
        return settings.get(MAXIMUM_SETTING)
                .filter(value -> value.matches("\\d{1,9}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .filter(value -> !value.isZero())
                .orElse(DEFAULT_MAXIMUM);
    }

    /** Changes the maximum; holds already running keep their end but extend only up to the new maximum. */
    @Transactional
    public void setMaximum(Duration maximum, long adminId) {
        if (maximum.isNegative() || maximum.isZero() || maximum.compareTo(LARGEST_MAXIMUM) > 0) {
            throw new IllegalArgumentException("the maximum debug hold must be between 1 second and 24 hours");
        }
        Duration before = maximum();
        settings.put(MAXIMUM_SETTING, Long.toString(maximum.toSeconds()));
        audit.record(
                adminId,
                "Changed maximum debug hold",
                "Application settings",
                Long.toString(before.toSeconds()),
                Long.toString(maximum.toSeconds()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
