package dev.porthole.runner.client;

import dev.porthole.protocol.runnerapi.JobStates;
import java.time.Duration;
import java.util.Optional;

/**
 * What the server said about a job in its answer: its status there, and how often it wants log updates.
 *
 * @param status the {@code Job-Status} header, or null when absent
 * @param updateInterval the {@code X-GitLab-Trace-Update-Interval}, when sent
 * @param debugHoldRemaining while the job is held for debugging, the time the server gives the hold; zero to end it
 */
public record RemoteJobState(String status, Optional<Duration> updateInterval, Optional<Duration> debugHoldRemaining) {

    /** The user canceled the job: stop it, run after_script, report. */
    public boolean cancelRequested() {
        return JobStates.CANCELING.equals(status);
    }

    /** The server no longer wants anything about this job: stop at once. */
    public boolean abortRequested() {
        return status != null && JobStates.meansAbort(status);
    }
}
