package dev.porthole.protocol.runnerapi;

/** Failure reasons as they appear on the wire (GitLab's names). */
public final class FailureReasons {
    /** The user's script returned non-zero. */
    public static final String SCRIPT_FAILURE = "script_failure";
    /** The runner could not run the script (cloning, executor, lost runner). */
    public static final String RUNNER_SYSTEM_FAILURE = "runner_system_failure";
    /** The job ran longer than its timeout. */
    public static final String JOB_EXECUTION_TIMEOUT = "job_execution_timeout";
    /** The job's log grew past the server's limit. */
    public static final String TRACE_SIZE_EXCEEDED = "trace_size_exceeded";
    /** Anything else. */
    public static final String UNKNOWN_FAILURE = "unknown_failure";

    private FailureReasons() {}
}
