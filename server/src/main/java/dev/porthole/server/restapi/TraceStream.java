package dev.porthole.server.restapi;

import dev.porthole.server.trace.TraceListener;
import dev.porthole.server.trace.TraceService;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams a job's log as server-sent events: what is stored from the asked offset, then each new chunk as it is
 * appended, then an {@code end} event when the job finishes. Events are
 * {@code event: trace / data: {"offset": n, "data": "<base64>"}} so that any bytes survive and a reader that
 * reconnects can resume at the next offset.
 *
 * <p>Appends are handed to this stream's own thread through a bounded queue, so a slow reader never slows the
 * runner that appends; a reader that falls that far behind is disconnected and can resume.
 */
final class TraceStream implements TraceListener {
    private static final int QUEUE_CAPACITY = 1024;
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private sealed interface Event {}

    private record Bytes(long offset, byte[] data) implements Event {}

    private record End() implements Event {}

    private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final SseEmitter emitter;
    private volatile boolean overflowed;

    private TraceStream(SseEmitter emitter) {
        this.emitter = emitter;
    }

    /** Starts streaming on a virtual thread and returns the emitter for the controller to answer with. */
    static SseEmitter start(TraceService traces, long jobId, long fromOffset, BooleanSupplier jobFinished) {
        var emitter = new SseEmitter(Duration.ofHours(6).toMillis());
        var stream = new TraceStream(emitter);
        Thread.ofVirtual()
                .name("trace-stream-" + jobId)
                .start(() -> stream.run(traces, jobId, fromOffset, jobFinished));
        return emitter;
    }

    @Override
    public void onBytes(long offset, byte[] data) {
        if (!events.offer(new Bytes(offset, data))) {
            overflowed = true;
        }
    }

    @Override
    public void onEnd() {
        if (!events.offer(new End())) {
            overflowed = true;
        }
    }

    private void run(TraceService traces, long jobId, long fromOffset, BooleanSupplier jobFinished) {
        // Subscribe before reading what is stored, so that nothing appended in between is missed.
        try (AutoCloseable subscription = traces.follow(jobId, this)) {
            byte[] stored = traces.read(jobId, fromOffset);
            long position = fromOffset + stored.length;
            send(fromOffset, stored);
            if (jobFinished.getAsBoolean()) {
                events.offer(new End());
            }
            while (!overflowed) {
                Event event = events.poll(KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    emitter.send(SseEmitter.event().comment("keepalive"));
                } else if (event instanceof Bytes bytes && bytes.offset() + bytes.data().length > position) {
                    int skip = (int) Math.max(0, position - bytes.offset());
                    byte[] fresh = Arrays.copyOfRange(bytes.data(), skip, bytes.data().length);
                    send(position, fresh);
                    position += fresh.length;
                } else if (event instanceof End) {
                    emitter.send(SseEmitter.event().name("end").data(Map.of("offset", position)));
                    break;
                }
            }
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e); // the reader went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (Exception e) {
            emitter.completeWithError(e);
        }
    }

    private void send(long offset, byte[] data) throws IOException {
        if (data.length > 0) {
            emitter.send(SseEmitter.event()
                    .name("trace")
                    .data(Map.of("offset", offset, "data", Base64.getEncoder().encodeToString(data))));
        }
    }
}
