package dev.porthole.server.web.projects;

import dev.porthole.server.runner.Runner;
import java.time.Duration;
import java.time.Instant;

/** A runner as a project's CI/CD settings show it: online when it asked for jobs in the last two hours, as GitLab. */
public record RunnerRow(Runner runner, String status) {
    private static final Duration ONLINE_WITHIN = Duration.ofHours(2);

    static RunnerRow of(Runner runner, Instant now) {
        String status;
        if (runner.paused()) {
            status = "paused";
        } else if (runner.contactedAt() == null) {
            status = "never contacted";
        } else if (runner.contactedAt().isAfter(now.minus(ONLINE_WITHIN))) {
            status = "online";
        } else {
            status = "offline";
        }
        return new RunnerRow(runner, status);
    }

    public boolean online() {
        return status.equals("online");
    }

    public String badge() {
        return switch (status) {
            case "online" -> "badge-success";
            case "offline" -> "badge-danger";
            case "paused" -> "badge-warning";
            default -> "";
        };
    }
}
