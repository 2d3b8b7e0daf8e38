package dev.porthole.server.pipeline;

import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Pipelines in the database. */
@Repository
public class PipelineStore {
    private static final String COLUMNS = "id, project_id, ref, tag, sha, before_sha, source, status, user_id,"
            + " yaml_errors, created_at, updated_at, started_at, finished_at";
    private final JdbcClient jdbc;

    public PipelineStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Pipeline insert(
            long projectId,
            String ref,
            boolean tag,
            String sha,
            String beforeSha,
            String source,
            PipelineStatus status,
            Long userId,
            String yamlErrors,
            Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO pipelines (project_id, ref, tag, sha, before_sha, source, status, user_id,"
                        + " yaml_errors, created_at, updated_at, finished_at)"
                        + " VALUES (:project, :ref, :tag, :sha, :before, :source, :status, :user, :errors, :now, :now,"
                        + " :finished)")
                .param("project", projectId)
                .param("ref", ref)
                .param("tag", tag)
                .param("sha", sha)
                .param("before", beforeSha)
                .param("source", source)
                .param("status", status.wireName())
                .param("user", userId)
                .param("errors", yamlErrors)
                .param("now", Timestamps.toSql(now))
                .param("finished", status.complete() ? Timestamps.toSql(now) : null)
                .update(keys, "id");
        return findById(keys.getKey().longValue()).orElseThrow();
    }

    public Optional<Pipeline> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pipelines WHERE id = ?")
                .param(id)
                .query(PipelineStore::map)
                .optional();
    }

    /** Takes the pipeline's row lock, so that concurrent job updates move one pipeline on one at a time. */
    public void lock(long id) {
        jdbc.sql("SELECT id FROM pipelines WHERE id = ? FOR UPDATE")
                .param(id)
                .query(Long.class)
                .optional();
    }

    public List<Pipeline> forProject(long projectId, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pipelines WHERE project_id = ? ORDER BY id DESC LIMIT ? OFFSET ?")
                .params(projectId, limit, offset)
                .query(PipelineStore::map)
                .list();
    }

    /** The newest pipeline of a branch, if it has any. */
    public Optional<Pipeline> latestForBranch(long projectId, String branch) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pipelines WHERE project_id = ? AND ref = ? AND tag = FALSE"
                        + " ORDER BY id DESC LIMIT 1")
                .params(projectId, branch)
                .query(PipelineStore::map)
                .optional();
    }

    /** Pipelines of a ref, older than {@code beforeId}, that have not finished. */
    public List<Pipeline> unfinishedForRef(long projectId, String ref, long beforeId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pipelines WHERE project_id = ? AND ref = ? AND id < ?"
                        + " AND status IN ('created', 'pending', 'running', 'manual', 'scheduled') ORDER BY id")
                .params(projectId, ref, beforeId)
                .query(PipelineStore::map)
                .list();
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM pipelines WHERE id = ?").param(id).update();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM pipelines").query(Long.class).single();
    }

    public long countForProject(long projectId) {
        return jdbc.sql("SELECT COUNT(*) FROM pipelines WHERE project_id = ?")
                .param(projectId)
                .query(Long.class)
                .single();
    }

    public void updateStatus(long id, PipelineStatus status, Instant startedAt, Instant finishedAt, Instant now) {
        jdbc.sql("UPDATE pipelines SET status = :status, started_at = :started, finished_at = :finished,"
                        + " updated_at = :now WHERE id = :id")
                .param("status", status.wireName())
                .param("started", Timestamps.toSql(startedAt))
                .param("finished", Timestamps.toSql(finishedAt))
                .param("now", Timestamps.toSql(now))
                .param("id", id)
                .update();
    }

    private static Pipeline map(ResultSet rs, int row) throws SQLException {
        return new Pipeline(
                rs.getLong("id"),
                rs.getLong("project_id"),
                rs.getString("ref"),
                rs.getBoolean("tag"),
                rs.getString("sha"),
                rs.getString("before_sha"),
                rs.getString("source"),
                PipelineStatus.fromWireName(rs.getString("status")).orElseThrow(),
                rs.getObject("user_id", Long.class),
                rs.getString("yaml_errors"),
                Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "updated_at"),
                Timestamps.read(rs, "started_at"),
                Timestamps.read(rs, "finished_at"));
    }
}
