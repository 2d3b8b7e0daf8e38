package dev.porthole.server.terminal;

import dev.porthole.server.persistence.Timestamps;
import dev.porthole.server.pipeline.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The record of terminal connections: written when one opens and when it ends, read by the review pages. */
@Repository
public class TerminalConnections {
    // Jobs and projects are deleted with their connections (ON DELETE CASCADE); users and runners may be gone.
    private static final String FROM = " FROM terminal_connections c"
            + " JOIN projects p ON p.id = c.project_id"
            + " JOIN jobs j ON j.id = c.job_id"
            + " LEFT JOIN users u ON u.id = c.user_id"
            + " LEFT JOIN runners r ON r.id = c.runner_id";

    /** Ids per statement: well under what either database takes in one IN list. */
    private static final int SEEN_BATCH = 500;

    private final JdbcClient jdbc;

    public TerminalConnections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a connection that has just opened; returns its id. */
    public long opened(
            long jobId, long projectId, long userId, Long runnerId, String subprotocol, String client, Instant at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO terminal_connections (job_id, project_id, user_id, runner_id, subprotocol, client,"
                        + " started_at) VALUES (:job, :project, :user, :runner, :subprotocol, :client, :at)")
                .param("job", jobId)
                .param("project", projectId)
                .param("user", userId)
                .param("runner", runnerId)
                .param("subprotocol", subprotocol)
                .param("client", client)
                .param("at", Timestamps.toSql(at))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public void ended(long id, Instant at, long bytesToRunner, long bytesToClient, String reason) {
        jdbc.sql("UPDATE terminal_connections SET ended_at = :at, bytes_to_runner = :in, bytes_to_client = :out,"
                        + " close_reason = :reason WHERE id = :id AND ended_at IS NULL")
                .param("at", Timestamps.toSql(at))
                .param("in", bytesToRunner)
                .param("out", bytesToClient)
                .param("reason", reason.length() > 500 ? reason.substring(0, 500) : reason)
                .param("id", id)
                .update();
    }

    /** Marks these connections as still open at {@code at}: the server relaying them vouches for them. */
    void seen(List<Long> ids, Instant at) {
        for (int from = 0; from < ids.size(); from += SEEN_BATCH) {
            jdbc.sql("UPDATE terminal_connections SET seen_at = :at WHERE ended_at IS NULL AND id IN (:ids)")
                    .param("at", Timestamps.toSql(at))
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + SEEN_BATCH)))
                    .update();
        }
    }

    /**
     * Ends the open connections last seen (or, never seen, started) before {@code before}: no server vouches for
     * them any more. They end when they were last seen. Returns how many.
     */
    int endUnseen(Instant before, String reason) {
        return jdbc.sql(
                        "UPDATE terminal_connections SET ended_at = COALESCE(seen_at, started_at), close_reason = :reason"
                                + " WHERE ended_at IS NULL AND COALESCE(seen_at, started_at) < :before")
                .param("reason", reason)
                .param("before", Timestamps.toSql(before))
                .update();
    }

    /**
     * One page of the connections that pass the filter, newest first, with the names of their user, project, job
     * and runner joined in (no query per row).
     */
    public List<TerminalConnectionEntry> page(TerminalConnectionFilter filter, int limit, long offset) {
        Map<String, Object> params = new HashMap<>();
        String where = where(filter, params);
        params.put("limit", limit);
        params.put("offset", offset);
        return jdbc.sql("SELECT c.id, c.job_id, c.project_id, c.user_id, c.runner_id, c.subprotocol, c.client,"
                        + " c.started_at, c.ended_at, c.bytes_to_runner, c.bytes_to_client, c.close_reason,"
                        + " u.username, u.name AS user_name, p.namespace_path, p.path AS project_path,"
                        + " p.name AS project_name, j.name AS job_name, j.status AS job_status,"
                        + " r.id AS runner_exists, r.description AS runner_description"
                        + FROM
                        + where
                        + " ORDER BY c.started_at DESC, c.id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .query(TerminalConnections::readEntry)
                .list();
    }

    public long count(TerminalConnectionFilter filter) {
        Map<String, Object> params = new HashMap<>();
        String where = where(filter, params);
        // Only the joins a filter needs: the others cannot change the count (projects and jobs are foreign keys).
        String from = " FROM terminal_connections c"
                + (filter.username() == null ? "" : " LEFT JOIN users u ON u.id = c.user_id")
                + (filter.projectFullPath() == null ? "" : " JOIN projects p ON p.id = c.project_id");
        return jdbc.sql("SELECT COUNT(*)" + from + where)
                .params(params)
                .query(Long.class)
                .single();
    }

    private static String where(TerminalConnectionFilter filter, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (filter.projectId() != null) {
            conditions.add("c.project_id = :project");
            params.put("project", filter.projectId());
        }
        if (filter.username() != null) {
            conditions.add("LOWER(u.username) = :username");
            params.put("username", filter.username().toLowerCase(Locale.ROOT));
        }
        if (filter.projectFullPath() != null) {
            conditions.add("LOWER(p.namespace_path || '/' || p.path) = :path");
            params.put("path", filter.projectFullPath().toLowerCase(Locale.ROOT));
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static TerminalConnectionEntry readEntry(ResultSet rs, int row) throws SQLException {
        return new TerminalConnectionEntry(
                read(rs, row),
                rs.getString("username"),
                rs.getString("user_name"),
                rs.getString("namespace_path"),
                rs.getString("project_path"),
                rs.getString("project_name"),
                rs.getString("job_name"),
                JobStatus.fromWireName(rs.getString("job_status")).orElse(null),
                rs.getObject("runner_exists") != null,
                rs.getString("runner_description"));
    }

    private static TerminalConnection read(ResultSet rs, int row) throws SQLException {
        return new TerminalConnection(
                rs.getLong("id"),
                rs.getLong("job_id"),
                rs.getLong("project_id"),
                (Long) rs.getObject("user_id", Long.class),
                (Long) rs.getObject("runner_id", Long.class),
                rs.getString("subprotocol"),
                rs.getString("client"),
                Timestamps.read(rs, "started_at"),
                Timestamps.read(rs, "ended_at"),
                rs.getLong("bytes_to_runner"),
                rs.getLong("bytes_to_client"),
                rs.getString("close_reason"));
    }
}
