package dev.porthole.runner.client;

/** What sending a piece of log led to. */
public sealed interface PatchResult {
    /** Stored; the server's log now ends at {@code offset}. */
    record Accepted(long offset, RemoteJobState state) implements PatchResult {}

    /** The server's log ends elsewhere ({@code 416}): continue from {@code offset}. */
    record RangeMismatch(long offset, RemoteJobState state) implements PatchResult {}

    /** The server refuses anything more about this job (403, 404, or a final status). */
    record Aborted(String reason) implements PatchResult {}

    /** A network or server error: send again later. */
    record Failed(String reason) implements PatchResult {}
}
