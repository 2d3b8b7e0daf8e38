package dev.porthole.runner.client;

/** What moving an artifacts archive to or from the server led to. */
public sealed interface TransferResult {
    /** Moved. */
    record Done(long bytes) implements TransferResult {}

    /** The server said no for good: too large, not allowed, not found. Trying again would not help. */
    record Refused(String reason) implements TransferResult {}

    /** A network or server error: worth another try. */
    record Failed(String reason) implements TransferResult {}
}
