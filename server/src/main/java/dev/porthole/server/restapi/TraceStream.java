package dev.porthole.server.restapi;

import dev.porthole.server.trace.TraceChunk;
import dev.porthole.server.trace.TraceService;
import dev.porthole.server.trace.TraceSink;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams a job's log as server-sent events: what is stored from the asked offset, then each new chunk as it is
 * appended, then an {@code end} event when the job finishes. Events are
 * {@code event: trace / data: {"offset": n, "data": "<base64>"}} so that any bytes survive and a reader that
 * reconnects can resume at the next offset. A reader that falls far behind is disconnected and can resume
 * ({@link TraceService#stream}).
 */
final class TraceStream implements TraceSink {
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final SseEmitter emitter;

    private TraceStream(SseEmitter emitter) {
        this.emitter = emitter;
    }

    /** Starts streaming on a virtual thread and returns the emitter for the controller to answer with. */
    static SseEmitter start(TraceService traces, long jobId, long fromOffset, BooleanSupplier jobFinished) {
        var emitter = new SseEmitter(Duration.ofHours(6).toMillis());
        var stream = new TraceStream(emitter);
        Thread.ofVirtual().name("trace-stream-" + jobId).start(() -> {
            try {
                traces.stream(jobId, fromOffset, jobFinished, KEEPALIVE, stream);
                emitter.complete();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.complete();
            } catch (Exception e) {
                emitter.completeWithError(e); // the reader went away
            }
        });
        return emitter;
    }

    @Override
    public void chunk(TraceChunk chunk) throws IOException {
        if (chunk.data().length > 0) {
            emitter.send(SseEmitter.event()
                    .name("trace")
                    .data(Map.of(
                            "offset",
                            chunk.offset(),
                            "data",
                            Base64.getEncoder().encodeToString(chunk.data()))));
        }
    }

    @Override
    public void idle() throws IOException {
        emitter.send(SseEmitter.event().comment("keepalive"));
    }

    @Override
    public void end(long offset) throws IOException {
        emitter.send(SseEmitter.event().name("end").data(Map.of("offset", offset)));
    }
}
