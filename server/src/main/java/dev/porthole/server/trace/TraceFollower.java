package dev.porthole.server.trace;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One reader following one job's log: the stored part, then live appends, with no gap and no repeat between them.
 *
 * <p>Appends are handed to the reader's own thread through a bounded queue, so a slow reader never slows the runner
 * that appends; a reader that falls that far behind is dropped and can resume from its offset.
 */
final class TraceFollower implements TraceListener {
    private static final int QUEUE_CAPACITY = 1024;

    private sealed interface Event {}

    private record Bytes(TraceChunk chunk) implements Event {}

    private record End() implements Event {}

    private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final TraceSink sink;
    private final Duration keepalive;
    private volatile boolean overflowed;

    TraceFollower(TraceSink sink, Duration keepalive) {
        this.sink = sink;
        this.keepalive = keepalive;
    }

    @Override
    public void onChunk(TraceChunk chunk) {
        if (!events.offer(new Bytes(chunk))) {
            overflowed = true;
        }
    }

    @Override
    public void onEnd() {
        if (!events.offer(new End())) {
            overflowed = true;
        }
    }

    private long deliverStored(TraceService traces, long jobId, long from) throws IOException {
        long position = from;
        for (TraceChunk stored : traces.chunks(jobId, from)) {
            if (stored.offset() != position) {
                break;
            }
            sink.chunk(stored);
            position = stored.end();
        }
        return position;
    }

    boolean run(TraceService traces, long jobId, long fromOffset, BooleanSupplier finished)
            throws IOException, InterruptedException {
        // Subscribe before reading what is stored, so that nothing appended in between is missed.
        try (AutoCloseable subscription = traces.follow(jobId, this)) {
            long position = deliverStored(traces, jobId, fromOffset);
            if (finished.getAsBoolean()) {
                events.offer(new End());
            }
            while (!overflowed) {
                Event event = events.poll(keepalive.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    sink.idle();
                } else if (event instanceof Bytes(TraceChunk chunk) && chunk.offset() > position) {
                    // Bytes in between were committed without reaching us: the store has them all.
                    position = deliverStored(traces, jobId, position);
                } else if (event instanceof Bytes(TraceChunk chunk) && chunk.end() > position) {
                    // Already delivered from the store in part: only what is new goes out.
                    int skip = (int) (position - chunk.offset());
                    byte[] fresh = Arrays.copyOfRange(chunk.data(), skip, chunk.data().length);
                    sink.chunk(new TraceChunk(position, fresh, chunk.at()));
                    position += fresh.length;
                } else if (event instanceof End) {
                    // Bytes committed just before the job finished may still be on their way here.
                    position = deliverStored(traces, jobId, position);
                    sink.end(position);
                    return true;
                }
            }
            return false;
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // closing a subscription throws nothing checked in practice
        }
    }
}
