package dev.porthole.server.trace;

/** Receives a job's log as it grows. Called on the appending thread: implementations hand work off, never block. */
public interface TraceListener {
    /** Bytes just stored. */
    void onChunk(TraceChunk chunk);

    /** The job finished: no more bytes will come. */
    void onEnd();
}
