package dev.porthole.server.terminal;

import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The record of terminal connections: written when one opens and when it ends, read by the review pages. */
@Repository
public class TerminalConnections {
    private static final String COLUMNS = "id, job_id, project_id, user_id, runner_id, subprotocol, client,"
            + " started_at, ended_at, bytes_to_runner, bytes_to_client, close_reason";

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

    /** The newest connections of every project, for administrators. */
    public List<TerminalConnection> recent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM terminal_connections ORDER BY started_at DESC, id DESC LIMIT ?")
                .param(limit)
                .query(TerminalConnections::read)
                .list();
    }

    /** The newest connections into a project's jobs, for its maintainers. */
    public List<TerminalConnection> ofProject(long projectId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM terminal_connections WHERE project_id = ?"
                        + " ORDER BY started_at DESC, id DESC LIMIT ?")
                .params(projectId, limit)
                .query(TerminalConnections::read)
                .list();
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
