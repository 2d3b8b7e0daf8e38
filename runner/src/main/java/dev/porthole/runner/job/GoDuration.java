package dev.porthole.runner.job;

import java.time.Duration;

/** Durations the way Go prints them ({@code 1h0m0s}, {@code 30m0s}, {@code 45s}): what GitLab users read in logs. */
public final class GoDuration {
    private GoDuration() {}

    public static String format(Duration duration) {
        long total = duration.toSeconds();
        long hours = total / 3600;
        long minutes = (total % 3600) / 60;
        long seconds = total % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds + "s";
        } else if (minutes > 0) {
            return minutes + "m" + seconds + "s";
        }
        return seconds + "s";
    }
}
