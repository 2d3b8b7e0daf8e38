package dev.porthole.server.trace;

import dev.porthole.server.persistence.AfterCommit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Service;

/** Appends to traces and tells live readers, only once what they are told is committed. */
@Service
public class TraceService {
    private final TraceStore store;
    private final TraceFanout fanout;

    public TraceService(TraceStore store, TraceFanout fanout) {
        this.store = store;
        this.fanout = fanout;
    }

    /** The empty trace of a new job. */
    public void create(long jobId) {
        store.create(jobId);
    }

    public AppendResult append(long jobId, long start, byte[] data, long maxSize) {
        // One instant for the stored row and the live readers, so both show the same arrival time.
        Instant at = Instant.now();
        AppendResult result = store.append(jobId, start, data, maxSize, at);
        if (result instanceof AppendResult.Appended && data.length > 0) {
            AfterCommit.run(() -> fanout.publish(jobId, new TraceChunk(start, data, at)));
        }
        return result;
    }

    /** Adds a line the server itself writes (why it failed a job, for instance) at the end of the trace. */
    public void appendSystemLine(long jobId, String line) {
        byte[] data = ("\n\u001b[31;1m" + line + "\u001b[0;m\n").getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (append(jobId, store.size(jobId), data, Long.MAX_VALUE) instanceof AppendResult.Appended) {
                return;
            }
        }
    }

    public long size(long jobId) {
        return store.size(jobId);
    }

    public byte[] read(long jobId, long offset) {
        return store.read(jobId, offset);
    }

    /** The trace from {@code offset}, in the pieces it arrived in, with their arrival times. */
    public List<TraceChunk> chunks(long jobId, long offset) {
        return store.chunks(jobId, offset);
    }

    /** Tells live readers the job finished, once the change that finished it is committed. */
    public void endLive(long jobId) {
        AfterCommit.run(() -> fanout.end(jobId));
    }

    public AutoCloseable follow(long jobId, TraceListener listener) {
        return fanout.subscribe(jobId, listener);
    }

    /**
     * Delivers the trace from {@code offset} to {@code sink}: what is stored, then each piece as it is appended, then
     * the end once the job finishes; blocks the calling thread (a virtual one) until then.
     *
     * @param finished whether the job has finished, asked once what is stored has been delivered
     * @return false when the reader fell too far behind and was dropped (it may resume from where it got to)
     */
    public boolean stream(long jobId, long offset, BooleanSupplier finished, Duration keepalive, TraceSink sink)
            throws IOException, InterruptedException {
        return new TraceFollower(sink, keepalive).run(this, jobId, offset, finished);
    }
}
