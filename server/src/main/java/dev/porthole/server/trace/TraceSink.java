package dev.porthole.server.trace;

import java.io.IOException;

/**
 * Where {@link TraceService#stream} delivers a followed log: an HTTP response of server-sent events, for instance.
 * Each method may throw when the reader has gone away; the stream then stops.
 */
public interface TraceSink {
    /** The next bytes, in order, without gaps or repeats. */
    void chunk(TraceChunk chunk) throws IOException;

    /** Nothing arrived for a while: a chance to keep the connection alive. */
    void idle() throws IOException;

    /** The job finished; {@code offset} is the log's final size. */
    void end(long offset) throws IOException;
}
