package dev.porthole.server.trace;

import java.io.ByteArrayOutputStream;
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
        jdbc.sql("INSERT INTO job_trace_chunks (job_id, start_offset, data) VALUES (?, ?, ?)")
                .params(jobId, start, data)
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
        record Chunk(long start, byte[] data) {}
        List<Chunk> chunks = jdbc.sql("SELECT start_offset, data FROM job_trace_chunks"
                        + " WHERE job_id = ? AND start_offset + OCTET_LENGTH(data) > ? ORDER BY start_offset")
                .params(jobId, offset)
                .query((rs, row) -> new Chunk(rs.getLong("start_offset"), rs.getBytes("data")))
                .list();
        var out = new ByteArrayOutputStream();
        for (Chunk chunk : chunks) {
            int skip = (int) Math.max(0, offset - chunk.start());
            out.write(chunk.data(), skip, chunk.data().length - skip);
        }
        return out.toByteArray();
    }
}
