package dev.porthole.server.trace;

/** Receives a job's log as it grows. Called on the appending thread: implementations hand work off, never block. */
public interface TraceListener {
    /** Bytes that start at {@code offset} of the trace. */
    void onBytes(long offset, byte[] data);

    /** The job finished: no more bytes will come. */
    void onEnd();
}
