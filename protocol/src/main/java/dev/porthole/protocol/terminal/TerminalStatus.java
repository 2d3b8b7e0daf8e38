package dev.porthole.protocol.terminal;

/** The events of a {@link TerminalFrame.Status} frame; on the wire, a JSON object whose {@code event} names it. */
public sealed interface TerminalStatus {
    /**
     * The runner's first frame on every connection.
     *
     * @param version the protocol version the runner speaks (1)
     * @param window how many output bytes the runner sends beyond the client's last acknowledgement, at most
     */
    record Hello(int version, long window) implements TerminalStatus {}

    /**
     * The job's scripts have ended; the job now waits for this terminal to disconnect.
     *
     * @param result {@code success} or {@code failed}: what the job will report when it ends
     * @param timeoutSeconds when the runner closes the terminal and ends the job, at the latest
     */
    record JobFinished(String result, long timeoutSeconds) implements TerminalStatus {}

    /** While the job waits for this terminal: seconds left before the runner closes it. */
    record Countdown(long remainingSeconds) implements TerminalStatus {}

    /**
     * The runner is about to close the connection, for this reason: {@code session_timeout}, {@code job_ended},
     * {@code job_canceled}, {@code job_timed_out}, {@code debug_hold_ended}, {@code runner_stopping}.
     */
    record Closing(String reason, String message) implements TerminalStatus {}

    /** The shell exited with this code (128 + n after signal n); the connection closes next. */
    record Exited(int code) implements TerminalStatus {}

    /** An event this version does not know, from a newer peer: receivers ignore it. */
    record Other(String event) implements TerminalStatus {}
}
