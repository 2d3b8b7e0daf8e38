package dev.porthole.runner.job;

/**
 * How a job ended, as the runner reports it. The user's script failing ({@link ScriptFailed}) is a different thing
 * from the runner failing to run it ({@link SystemFailed}).
 */
public sealed interface JobOutcome {
    record Succeeded() implements JobOutcome {}

    record ScriptFailed(int exitCode) implements JobOutcome {}

    record TimedOut(String timeout) implements JobOutcome {}

    record Canceled() implements JobOutcome {}

    record SystemFailed(String message) implements JobOutcome {}

    /** The server dropped the job: nothing is reported. */
    record Aborted(String reason) implements JobOutcome {}
}
