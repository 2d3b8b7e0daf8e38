package dev.porthole.protocol.runnerapi;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Porthole's extension of {@code PUT /api/v4/jobs/:id}: a runner that keeps a failed job's environment for
 * debugging says so in a {@code running} report, and every answer about the job then carries the time left in the
 * {@link #REMAINING_HEADER} header, 0 once the hold was released or expired. GitLab ignores the field and sends no
 * header, so a runner holding a job for GitLab falls back on its own deadline.
 *
 * @param seconds how long the job asked to be held ({@value #VARIABLE})
 * @param exitCode the exit code of the failed script, reported again when the hold ends
 */
public record DebugHold(long seconds, int exitCode) {
    /** The CI variable a job asks for a hold with: a duration such as {@code 15m}. */
    public static final String VARIABLE = "PORTHOLE_DEBUG_HOLD";
    /** Seconds the hold has left on the server; 0 means end it now. */
    public static final String REMAINING_HEADER = "Porthole-Debug-Hold-Remaining";

    private static final Pattern GO_DURATION = Pattern.compile("(?:(\\d{1,4})h)?(?:(\\d{1,6})m)?(?:(\\d{1,7})s)?");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,7}");

    /**
     * Reads a hold duration as users write it: Go's {@code 15m}, {@code 1h30m}, {@code 90s}, or plain seconds.
     * Empty for anything else, and for zero.
     */
    public static Optional<Duration> parseDuration(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (SECONDS.matcher(value).matches()) {
            return positive(Duration.ofSeconds(Long.parseLong(value)));
        }
        var matcher = GO_DURATION.matcher(value);
        if (value.isEmpty() || !matcher.matches()) {
            return Optional.empty();
        }
        return positive(Duration.ofHours(part(matcher.group(1)))
                .plusMinutes(part(matcher.group(2)))
                .plusSeconds(part(matcher.group(3))));
    }

    private static long part(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static Optional<Duration> positive(Duration duration) {
        return duration.isZero() ? Optional.empty() : Optional.of(duration);
    }
}
