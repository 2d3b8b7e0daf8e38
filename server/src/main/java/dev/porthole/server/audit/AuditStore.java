package dev.porthole.server.audit;

import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Audit events in the database ({@code audit_events}); only ever added, never changed. */
@Repository
public class AuditStore {
    private final JdbcClient jdbc;

    public AuditStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(
            Long authorId,
            String authorName,
            String action,
            String target,
            String oldValue,
            String newValue,
            Instant at) {
        jdbc.sql("INSERT INTO audit_events (author_id, author_name, action, target, old_value, new_value, created_at)"
                        + " VALUES (:author, :name, :action, :target, :old, :new, :at)")
                .param("author", authorId)
                .param("name", authorName)
                .param("action", action)
                .param("target", target)
                .param("old", oldValue)
                .param("new", newValue)
                .param("at", Timestamps.toSql(at))
                .update();
    }

    /** Newest first; events of the same instant by the order they were recorded. */
    List<AuditEvent> newestFirst(int limit, long offset) {
        return jdbc.sql("SELECT id, author_id, author_name, action, target, old_value, new_value, created_at"
                        + " FROM audit_events ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit)
                .param("offset", offset)
                .query(AuditStore::map)
                .list();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events").query(Long.class).single();
    }

    private static AuditEvent map(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(
                rs.getLong("id"),
                rs.getObject("author_id", Long.class),
                rs.getString("author_name"),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("old_value"),
                rs.getString("new_value"),
                Timestamps.read(rs, "created_at"));
    }
}
