package dev.porthole.server.web.jobs;

import dev.porthole.server.trace.TraceChunk;
import dev.porthole.server.trace.TraceService;
import dev.porthole.server.trace.TraceSink;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The job page's live log: server-sent events {@code trace} ({@code {"offset", "data": base64, "at": epoch ms}}, with
 * the offset after the bytes as the event id, so that a browser reconnecting on its own resumes where it was) and
 * one {@code end} when the job finishes.
 */
final class LogStream implements TraceSink {
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final Duration LONGEST = Duration.ofHours(6);

    private final SseEmitter emitter;

    private LogStream(SseEmitter emitter) {
        this.emitter = emitter;
    }

    static SseEmitter start(TraceService traces, long jobId, long offset, BooleanSupplier jobFinished) {
        var emitter = new SseEmitter(LONGEST.toMillis());
        var stream = new LogStream(emitter);
        Thread.ofVirtual().name("job-page-log-" + jobId).start(() -> {
            try {
                traces.stream(jobId, offset, jobFinished, KEEPALIVE, stream);
                emitter.complete();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.complete();
            } catch (Exception e) {
                emitter.completeWithError(e); // the page went away
            }
        });
        return emitter;
    }

    @Override
    public void chunk(TraceChunk chunk) throws IOException {
        if (chunk.data().length == 0) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("offset", chunk.offset());
        data.put("data", Base64.getEncoder().encodeToString(chunk.data()));
        data.put("at", chunk.at() == null ? null : chunk.at().toEpochMilli());
        emitter.send(
                SseEmitter.event().id(Long.toString(chunk.end())).name("trace").data(data));
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
