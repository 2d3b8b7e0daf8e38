package dev.porthole.runner.client;

/** What reporting a job's state led to. */
public sealed interface UpdateResult {
    /** Recorded. */
    record Accepted(RemoteJobState state) implements UpdateResult {}

    /** The server refuses anything more about this job (403, 404). */
    record Aborted(String reason) implements UpdateResult {}

    /** A network or server error, or the server asked to come back later: send again. */
    record Failed(String reason) implements UpdateResult {}
}
