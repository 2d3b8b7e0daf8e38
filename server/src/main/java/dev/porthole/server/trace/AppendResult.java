package dev.porthole.server.trace;

/** What became of bytes offered to a job's trace. */
public sealed interface AppendResult {
    /** The trace's size after the outcome: where the next bytes must start. */
    long size();

    /** Stored; {@code size} now includes them. */
    record Appended(long size) implements AppendResult {}

    /** The bytes did not start where the trace ends; nothing was stored. */
    record RangeMismatch(long size) implements AppendResult {}

    /** Storing them would pass the size limit; nothing was stored. */
    record TooLarge(long size) implements AppendResult {}
}
