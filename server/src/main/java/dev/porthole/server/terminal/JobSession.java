package dev.porthole.server.terminal;

import java.time.Instant;

/**
 * The session a runner offered for a running job: where its session server listens for this job, the only
 * certificate to trust there, and the secret to present.
 */
public record JobSession(long jobId, String url, String certificatePem, String authorization, Instant createdAt) {

    /** Keeps the authorization out of logs. */
    @Override
    public String toString() {
        return "JobSession[job=" + jobId + ", url=" + url + "]";
    }
}
