package dev.porthole.server.terminalproxy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backpressure for one direction of a relayed terminal: frames read from one side are written to the other with up
 * to {@code limit} bytes not yet written, and the next frame is read only while there is room. One frame at a time
 * would cost a full write completion per frame (most of a terminal's throughput); no limit would let a side that
 * reads slowly grow the server's memory without bound.
 */
final class SendWindow {
    private final long limit;
    private final Runnable demand;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicBoolean waiting = new AtomicBoolean();

    /** @param demand asks the reading side for its next frame; called once per frame taken */
    SendWindow(long limit, Runnable demand) {
        this.limit = limit;
        this.demand = demand;
    }

    /**
     * A frame of {@code size} bytes goes out. True when the caller should ask for the next one now (after handing this
     * one to the writer, to keep the order); otherwise the next is asked for once enough was written.
     */
    boolean take(int size) {
        if (inFlight.addAndGet(size) < limit) {
            return true;
        }
        waiting.set(true);
        // A write may have finished between the two lines above and found nobody waiting.
        return inFlight.get() < limit && waiting.compareAndSet(true, false);
    }

    /** A frame of {@code size} bytes was written. */
    void written(int size) {
        if (inFlight.addAndGet(-size) < limit && waiting.compareAndSet(true, false)) {
            demand.run();
        }
    }

    /** Bytes handed to the writer and not written yet. */
    long inFlight() {
        return inFlight.get();
    }
}
