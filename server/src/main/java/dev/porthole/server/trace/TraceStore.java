package dev.porthole.server.trace;

import dev.porthole.server.persistence.Timestamps;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Durable job logs. Each accepted patch is one chunk row, written in the same transaction that moves the trace's
 * size, so an answer of "accepted" always means the bytes are on disk, and two writers can never interleave.
 */
@Repository
public class TraceStore {
    private final JdbcClient jdbc;

    public TraceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * An empty trace for a new job. Made with the job, so that appends only ever update its size: two racing
     * appends then meet at a conditional update, never at a duplicate key (which PostgreSQL would answer by
     * aborting the whole transaction).
     */
    public void create(long jobId) {
        jdbc.sql("INSERT INTO job_traces (job_id, size) VALUES (?, 0)")
                .param(jobId)
                .update();
    }

    /** Appends {@code data} if it starts exactly where the trace ends and fits under {@code maxSize}. */
    @Transactional
    public AppendResult append(long jobId, long start, byte[] data, long maxSize) {
        return append(jobId, start, data, maxSize, Instant.now());
    }

    /** {@link #append(long, long, byte[], long)}, recording that the bytes arrived {@code at}. */
    @Transactional
    public AppendResult append(long jobId, long start, byte[] data, long maxSize, Instant at) {
        long size = size(jobId);
        if (start != size) {
            return new AppendResult.RangeMismatch(size);
        }
        if (size + data.length > maxSize) {
            return new AppendResult.TooLarge(size);
        }
        if (data.length == 0) {
            return new AppendResult.Appended(size);
        }
        if (!moveSize(jobId, size, size + data.length)) {
            return new AppendResult.RangeMismatch(size(jobId));
        }
        jdbc.sql("INSERT INTO job_trace_chunks (job_id, start_offset, data, created_at) VALUES (?, ?, ?, ?)")
                .params(jobId, start, data, Timestamps.toSql(at))
                .update();
        return new AppendResult.Appended(size + data.length);
    }

    private boolean moveSize(long jobId, long from, long to) {
        return jdbc.sql("UPDATE job_traces SET size = ? WHERE job_id = ? AND size = ?")
                        .params(to, jobId, from)
                        .update()
                == 1;
    }

    public long size(long jobId) {
        return jdbc.sql("SELECT size FROM job_traces WHERE job_id = ?")
                .param(jobId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** The trace from {@code offset} to its end. */
    public byte[] read(long jobId, long offset) {
        var out = new ByteArrayOutputStream();
        for (TraceChunk chunk : chunks(jobId, offset)) {
            out.writeBytes(chunk.data());
        }
        return out.toByteArray();
    }

    /** The trace from {@code offset} to its end, in the pieces it arrived in; the first is cut to start there. */
    public List<TraceChunk> chunks(long jobId, long offset) {
        return jdbc.sql("SELECT start_offset, data, created_at FROM job_trace_chunks"
                        + " WHERE job_id = ? AND start_offset + OCTET_LENGTH(data) > ? ORDER BY start_offset")
                .params(jobId, offset)
                .query((rs, row) -> {
                    long start = rs.getLong("start_offset");
                    byte[] data = rs.getBytes("data");
                    int skip = (int) Math.max(0, offset - start);
                    return new TraceChunk(
                            start + skip,
                            skip == 0 ? data : Arrays.copyOfRange(data, skip, data.length),
                            Timestamps.read(rs, "created_at"));
                })
                .list();
    }
}
