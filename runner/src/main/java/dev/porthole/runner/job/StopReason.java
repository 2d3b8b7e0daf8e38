package dev.porthole.runner.job;

/** Why a running job was stopped before its script finished. */
public enum StopReason {
    /** Someone canceled the job on the server: after_script still runs and the outcome is reported. */
    CANCELED,
    /** The server wants nothing more about this job: stop and report nothing. */
    ABORTED,
    /** The job ran past its timeout. */
    TIMED_OUT,
    /** The runner is stopping and the job did not finish within the grace period. */
    SHUTDOWN
}
