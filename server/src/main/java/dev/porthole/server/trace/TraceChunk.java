package dev.porthole.server.trace;

import java.time.Instant;

/**
 * Bytes of a job's log that start at {@code offset}, and when they arrived.
 *
 * @param at when the runner's patch was stored; null for logs stored before arrival times were kept
 */
public record TraceChunk(long offset, byte[] data, Instant at) {

    /** The offset just after these bytes: where the next ones start. */
    public long end() {
        return offset + data.length;
    }
}
