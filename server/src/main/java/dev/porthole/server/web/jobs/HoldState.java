package dev.porthole.server.web.jobs;

import dev.porthole.server.ciconfig.Durations;
import dev.porthole.server.debughold.JobHold;
import dev.porthole.server.project.ProjectRole;
import java.time.Duration;
import java.time.Instant;

/**
 * An open debug hold as the job page shows it.
 *
 * @param remainingMillis time left when the page or its JSON was made; the page counts down from there, so that a
 *     browser's clock does not matter
 * @param endsAt epoch milliseconds, for the exact time in a tooltip
 * @param extendBy what Extend adds, as Go prints it ({@code 15m0s})
 * @param controls whether the viewer may extend and release it (developer or higher)
 * @param atMaximum Extend would not move the end: it is the latest the administrator allows
 */
public record HoldState(
        long remainingMillis, long endsAt, int exitCode, String extendBy, boolean controls, boolean atMaximum) {

    public static HoldState of(JobHold hold, ProjectRole role, Duration maximum, Instant now) {
        return new HoldState(
                hold.remaining(now).toMillis(),
                hold.endsAt().toEpochMilli(),
                hold.exitCode(),
                Durations.goStyle(hold.requested()),
                role.canUpdateJobs(),
                !hold.endsAt().isBefore(hold.limit(maximum)));
    }
}
