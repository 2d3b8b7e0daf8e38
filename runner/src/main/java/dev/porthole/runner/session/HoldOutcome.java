package dev.porthole.runner.session;

/** How a job's wait for its connected terminal ended. */
public sealed interface HoldOutcome {
    /** No terminal was connected: the job did not wait. */
    record NotConnected() implements HoldOutcome {}

    /** The terminal disconnected. */
    record Disconnected() implements HoldOutcome {}

    /** The time was up; the terminal is still connected until the caller closes it. */
    record TimedOut() implements HoldOutcome {}

    /** The job was stopped (canceled, timed out, runner stopping) while it waited. */
    record Stopped() implements HoldOutcome {}
}
