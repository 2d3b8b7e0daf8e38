package dev.porthole.protocol.runnerapi;

/**
 * {@code PUT /api/v4/jobs/:id}: a state report; {@code running} doubles as a keep-alive.
 *
 * @param state {@code running}, {@code success}, {@code failed} or {@code pending}
 * @param failureReason one of {@link FailureReasons} when the state is failed
 * @param checksum deprecated duplicate of {@code output.checksum}, still sent for older servers
 * @param debugHold Porthole's own: set in {@code running} reports while a failed job is held for debugging
 */
public record UpdateJobRequest(
        RunnerInfo info,
        String token,
        String state,
        String failureReason,
        Integer exitCode,
        String checksum,
        TraceOutput output,
        DebugHold debugHold) {

    /** A {@code running} report: the keep-alive that also carries the server's answer about the job. */
    public static UpdateJobRequest running(RunnerInfo info, String token, DebugHold debugHold) {
        return new UpdateJobRequest(info, token, JobStates.RUNNING, null, null, null, null, debugHold);
    }

    /** The trace the runner holds, so that the server can tell whether it has all of it. */
    public record TraceOutput(String checksum, long bytesize) {}
}
