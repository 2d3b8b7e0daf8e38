package dev.porthole.server.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How pages write times, durations and commits. Relative times are rendered on the server (so pages read well
 * without scripts) and kept current by {@code time.js}; the exact time is in the title for hovering.
 */
public final class Format {
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern(
                    "MMM d, yyyy HH:mm:ss 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Format() {}

    public static String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    public static String exact(Instant at) {
        return at == null ? "" : EXACT.format(at);
    }

    public static String ago(Instant at) {
        return ago(at, Clock.systemUTC().instant());
    }

    static String ago(Instant at, Instant now) {
        if (at == null) {
            return "";
        }
        long seconds = Duration.between(at, now).toSeconds();
        boolean future = seconds < 0;
        seconds = Math.abs(seconds);
        String amount;
        if (seconds < 45) {
            return future ? "in a few seconds" : "just now";
        } else if (seconds < 90 * 60) {
            amount = plural(Math.max(1, Math.round(seconds / 60.0)), "minute");
        } else if (seconds < 36 * 3600) {
            amount = plural(Math.round(seconds / 3600.0), "hour");
        } else if (seconds < 45L * 86400) {
            amount = plural(Math.round(seconds / 86400.0), "day");
        } else if (seconds < 548L * 86400) {
            amount = plural(Math.round(seconds / (30.0 * 86400)), "month");
        } else {
            amount = plural(Math.round(seconds / (365.0 * 86400)), "year");
        }
        return future ? "in " + amount : amount + " ago";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** {@code 42s}, {@code 3m 05s}, {@code 1h 02m}: short enough for a table cell. */
    public static String duration(Duration duration) {
        if (duration == null) {
            return "";
        }
        long s = Math.max(0, duration.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    /** The time between two instants, up to now when the second has not happened yet; empty when nothing started. */
    public static String duration(Instant from, Instant to) {
        if (from == null) {
            return "";
        }
        return duration(Duration.between(from, to == null ? Clock.systemUTC().instant() : to));
    }

    public static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(8, sha.length()));
    }

    /** The first line of a commit message. */
    public static String title(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
