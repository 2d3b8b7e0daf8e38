package dev.porthole.server.web.jobs;

import dev.porthole.server.trace.TraceChunk;
import dev.porthole.server.trace.TraceService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Renders a job's stored log for the job page, and says where the live stream takes over. */
@Component
class JobLogs {
    /** Longer logs show their last part on the page; the raw log has it all. */
    static final long SHOWN_LIMIT = 4L * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TraceService traces;

    JobLogs(TraceService traces) {
        this.traces = traces;
    }

    LogView render(long jobId, boolean finished) {
        long size = traces.size(jobId);
        long from = size > SHOWN_LIMIT ? size - SHOWN_LIMIT : 0;
        List<TraceChunk> chunks = traces.chunks(jobId, from);
        if (from > 0) {
            // Start at a line's beginning, with a parser that knows nothing of what came before.
            long lineStart = nextLineStart(chunks, from);
            from = lineStart < 0 ? from : lineStart;
            chunks = from(chunks, from);
        }
        long end = chunks.isEmpty() ? from : chunks.getLast().end();
        long cut = finished ? end : lastLineEnd(chunks, from);
        var parser = new LogParser();
        List<LogEvent> events = new ArrayList<>();
        for (TraceChunk chunk : chunks) {
            if (chunk.offset() < cut) {
                int length = (int) (Math.min(cut, chunk.end()) - chunk.offset());
                events.addAll(parser.push(Arrays.copyOf(chunk.data(), length), millis(chunk)));
            }
        }
        List<LogEvent> preview = List.of();
        if (finished) {
            events.addAll(parser.finish());
        }
        LogParser.State state = parser.state();
        if (!finished) {
            for (TraceChunk chunk : chunks) {
                if (chunk.end() > cut) {
                    int skip = (int) Math.max(0, cut - chunk.offset());
                    parser.push(Arrays.copyOfRange(chunk.data(), skip, chunk.data().length), millis(chunk));
                }
            }
            preview = parser.preview();
        }
        return new LogView(LogHtml.render(events, preview), cut, JSON.writeValueAsString(state), from, size);
    }

    private static Long millis(TraceChunk chunk) {
        return chunk.at() == null ? null : chunk.at().toEpochMilli();
    }

    /** The offset just after the last line break, or {@code from} when there is none. */
    private static long lastLineEnd(List<TraceChunk> chunks, long from) {
        for (int c = chunks.size() - 1; c >= 0; c--) {
            byte[] data = chunks.get(c).data();
            for (int i = data.length - 1; i >= 0; i--) {
                if (data[i] == '\n') {
                    return chunks.get(c).offset() + i + 1;
                }
            }
        }
        return from;
    }

    private static long nextLineStart(List<TraceChunk> chunks, long from) {
        for (TraceChunk chunk : chunks) {
            byte[] data = chunk.data();
            for (int i = 0; i < data.length; i++) {
                if (data[i] == '\n') {
                    return chunk.offset() + i + 1;
                }
            }
        }
        return -1;
    }

    private static List<TraceChunk> from(List<TraceChunk> chunks, long offset) {
        List<TraceChunk> kept = new ArrayList<>();
        for (TraceChunk chunk : chunks) {
            if (chunk.end() > offset) {
                int skip = (int) Math.max(0, offset - chunk.offset());
                kept.add(new TraceChunk(
                        chunk.offset() + skip,
                        Arrays.copyOfRange(chunk.data(), skip, chunk.data().length),
                        chunk.at()));
            }
        }
        return kept;
    }
}
