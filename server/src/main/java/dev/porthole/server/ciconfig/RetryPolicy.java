package dev.porthole.server.ciconfig;

import java.util.List;

/**
 * When a failed job is run again on its own ({@code retry}).
 *
 * @param max attempts after the first, 0 to 2
 * @param when failure reasons (GitLab's names) that warrant a retry; {@code always} for any
 * @param exitCodes exit codes that warrant a retry; empty for any
 */
public record RetryPolicy(int max, List<String> when, List<Integer> exitCodes) {
    public static final RetryPolicy NONE = new RetryPolicy(0, List.of("always"), List.of());

    /** Whether a job that failed for this reason and exit code, after {@code attempts} tries, runs again. */
    public boolean retries(int attempts, String reason, Integer exitCode) {
        if (attempts > max) {
            return false;
        }
        boolean reasonMatches = when.contains("always") || when.contains(reason);
        boolean codeMatches = exitCodes.isEmpty() || (exitCode != null && exitCodes.contains(exitCode));
        return reasonMatches && codeMatches;
    }
}
