package dev.porthole.runner.session;

/** Why the runner closes a terminal connection, as {@code closing} status frames name it. */
public enum EndReason {
    /** The job waited for the terminal as long as {@code session_timeout} (or the job's timeout) allows. */
    SESSION_TIMEOUT("session_timeout"),
    /** The job ended. */
    JOB_ENDED("job_ended"),
    /** Someone canceled the job. */
    JOB_CANCELED("job_canceled"),
    /** The job ran past its timeout. */
    JOB_TIMED_OUT("job_timed_out"),
    /** A failed job's debug hold was released or ran out. */
    DEBUG_HOLD_ENDED("debug_hold_ended"),
    /** The runner is shutting down. */
    RUNNER_STOPPING("runner_stopping");

    private final String code;

    EndReason(String code) {
        this.code = code;
    }

    /** The name in {@code closing} status frames. */
    public String code() {
        return code;
    }
}
