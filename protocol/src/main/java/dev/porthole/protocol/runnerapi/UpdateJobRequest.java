package dev.porthole.protocol.runnerapi;

/**
 * {@code PUT /api/v4/jobs/:id}: a state report; {@code running} doubles as a keep-alive.
 *
 * @param state {@code running}, {@code success}, {@code failed} or {@code pending}
 * @param failureReason one of {@link FailureReasons} when the state is failed
 * @param checksum deprecated duplicate of {@code output.checksum}, still sent for older servers
 */
public record UpdateJobRequest(
        RunnerInfo info,
        String token,
        String state,
        String failureReason,
        Integer exitCode,
        String checksum,
        TraceOutput output) {

    /** The trace the runner holds, so that the server can tell whether it has all of it. */
    public record TraceOutput(String checksum, long bytesize) {}
}
