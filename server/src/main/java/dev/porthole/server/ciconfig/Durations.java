package dev.porthole.server.ciconfig;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads durations as GitLab writes them in {@code timeout} and {@code start_in}: {@code 3600}, {@code 90 minutes},
 * {@code 1h 30m}, {@code 2 hours 15 min}, {@code 1d}.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)\\s*(?:and\\s+|,\\s*)?");

    private Durations() {}

    public static Optional<Duration> parse(String text) {
        String input = text.strip().toLowerCase(Locale.ROOT);
        if (input.isEmpty()) {
            return Optional.empty();
        }
        var matcher = PART.matcher(input);
        double seconds = 0;
        int position = 0;
        while (position < input.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                return Optional.empty();
            }
            double amount = Double.parseDouble(matcher.group(1));
            Optional<Integer> unit = unitSeconds(matcher.group(2));
            if (unit.isEmpty()) {
                return Optional.empty();
            }
            seconds += amount * unit.get();
            position = matcher.end();
        }
        return Optional.of(Duration.ofSeconds(Math.round(seconds)));
    }

    private static Optional<Integer> unitSeconds(String unit) {
        return switch (unit) {
            case "", "s", "sec", "secs", "second", "seconds" -> Optional.of(1);
            case "m", "min", "mins", "minute", "minutes" -> Optional.of(60);
            case "h", "hr", "hrs", "hour", "hours" -> Optional.of(3600);
            case "d", "day", "days" -> Optional.of(86_400);
            case "w", "week", "weeks" -> Optional.of(604_800);
            default -> Optional.empty();
        };
    }

    /** A duration as Go (and so gitlab-runner's logs) prints it: {@code 1h30m0s}, {@code 45m0s}, {@code 10s}. */
    public static String goStyle(Duration duration) {
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
