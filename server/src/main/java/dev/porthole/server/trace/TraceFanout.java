package dev.porthole.server.trace;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Live readers of job logs, per job. Stored bytes are published here after their transaction commits, so readers
 * are pushed new bytes instead of asking the database again and again.
 *
 * <p>This instance's readers only hear about this instance's appends; with several server instances a
 * database-fed publisher completes it (PostgreSQL {@code LISTEN/NOTIFY}), behind this same class.
 */
public class TraceFanout {
    private final Map<Long, Set<TraceListener>> listeners = new ConcurrentHashMap<>();

    /** Starts delivering; the returned handle stops it. */
    public AutoCloseable subscribe(long jobId, TraceListener listener) {
        // Added inside compute, so that a set being removed by the last unsubscribe is never the one added to.
        listeners.compute(jobId, (id, set) -> {
            Set<TraceListener> target = set == null ? new CopyOnWriteArraySet<>() : set;
            target.add(listener);
            return target;
        });
        return () -> unsubscribe(jobId, listener);
    }

    private void unsubscribe(long jobId, TraceListener listener) {
        listeners.computeIfPresent(jobId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    public void publish(long jobId, TraceChunk chunk) {
        Set<TraceListener> set = listeners.get(jobId);
        if (set != null) {
            set.forEach(l -> l.onChunk(chunk));
        }
    }

    public void end(long jobId) {
        Set<TraceListener> set = listeners.remove(jobId);
        if (set != null) {
            set.forEach(TraceListener::onEnd);
        }
    }

    public int readers(long jobId) {
        Set<TraceListener> set = listeners.get(jobId);
        return set == null ? 0 : set.size();
    }
}
