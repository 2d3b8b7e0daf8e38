package dev.porthole.runner.client;

import dev.porthole.protocol.runnerapi.JobPayload;

/** What asking for a job led to. */
public sealed interface JobRequestResult {
    /** A job to run. */
    record Received(JobPayload job) implements JobRequestResult {}

    /** No job now; send {@code lastUpdate} back in the next request. */
    record NoJob(String lastUpdate) implements JobRequestResult {}

    /** The server does not know this runner's token (403). */
    record Forbidden() implements JobRequestResult {}

    /** The request failed; try again after a pause. */
    record Failed(String reason) implements JobRequestResult {}
}
