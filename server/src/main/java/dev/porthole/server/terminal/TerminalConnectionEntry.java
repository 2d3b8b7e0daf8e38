package dev.porthole.server.terminal;

import dev.porthole.server.pipeline.JobStatus;

/**
 * A terminal connection with the names the review pages show beside it, read in the same query so that a page of
 * connections costs one round trip.
 *
 * @param username null when the user was deleted since
 * @param jobStatus the job's status now, which tells whether a connection without an end is really still open
 * @param runnerDescription null when the connection had no runner, or the runner was deleted since
 */
public record TerminalConnectionEntry(
        TerminalConnection connection,
        String username,
        String userName,
        String projectNamespace,
        String projectPath,
        String projectName,
        String jobName,
        JobStatus jobStatus,
        boolean runnerExists,
        String runnerDescription) {

    public String projectFullPath() {
        return projectNamespace + "/" + projectPath;
    }

    /**
     * Connected now: no end recorded and its job still on a runner. A server that stopped while a terminal was open
     * never recorded its end; once the job is over, such a connection is certainly not open any more.
     */
    public boolean live() {
        return connection.open() && jobStatus != null && jobStatus.onRunner();
    }

    /** No end was recorded, but the job is over: the server stopped while the terminal was open. */
    public boolean endUnknown() {
        return connection.open() && !live();
    }
}
