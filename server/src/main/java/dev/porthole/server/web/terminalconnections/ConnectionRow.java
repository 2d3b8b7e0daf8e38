package dev.porthole.server.web.terminalconnections;

import dev.porthole.server.terminal.TerminalConnection;
import dev.porthole.server.terminal.TerminalConnectionEntry;
import dev.porthole.server.web.Format;
import dev.porthole.server.web.projects.Bytes;

/**
 * One connection as a review page shows it.
 *
 * @param userHref where the user's name leads on this page; null when it leads nowhere (the user was deleted)
 * @param runnerHref where the runner leads; null for viewers who may not see runners, or a deleted runner
 */
public record ConnectionRow(TerminalConnectionEntry entry, String userHref, String runnerHref) {

    public TerminalConnection connection() {
        return entry.connection();
    }

    public String projectHref() {
        return "/" + entry.projectFullPath();
    }

    public String jobHref() {
        return projectHref() + "/-/jobs/" + connection().jobId();
    }

    /** How long it lasted, or has lasted so far while it is open; empty when its end is unknown. */
    public String duration() {
        return entry.endUnknown()
                ? ""
                : Format.duration(connection().startedAt(), connection().endedAt());
    }

    /** {@code #12 · build-box}, or {@code #12} without a description; null when the job had no runner. */
    public String runnerLabel() {
        Long id = connection().runnerId();
        if (id == null) {
            return null;
        }
        String description = entry.runnerDescription();
        return "#" + id + (description == null || description.isBlank() ? "" : " · " + description);
    }

    /** What the user sent to the shell: keystrokes, pastes, resizes. */
    public String bytesIn() {
        return Bytes.human(connection().bytesToRunner());
    }

    /** What the shell sent back to the user. */
    public String bytesOut() {
        return Bytes.human(connection().bytesToClient());
    }
}
