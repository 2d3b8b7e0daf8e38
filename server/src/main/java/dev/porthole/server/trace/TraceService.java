package dev.porthole.server.trace;

import dev.porthole.server.persistence.AfterCommit;
import java.nio.charset.StandardCharsets;
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
        AppendResult result = store.append(jobId, start, data, maxSize);
        if (result instanceof AppendResult.Appended && data.length > 0) {
            AfterCommit.run(() -> fanout.publish(jobId, start, data));
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

    /** Tells live readers the job finished, once the change that finished it is committed. */
    public void endLive(long jobId) {
        AfterCommit.run(() -> fanout.end(jobId));
    }

    public AutoCloseable follow(long jobId, TraceListener listener) {
        return fanout.subscribe(jobId, listener);
    }
}
