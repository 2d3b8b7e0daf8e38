package dev.porthole.server.pipeline;

import dev.porthole.server.ciconfig.When;
import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Jobs in the database. Status changes are conditional on the status they leave, so concurrent changes lose. */
@Repository
public class JobStore {
    private static final String COLUMNS = "id, pipeline_id, project_id, name, stage, stage_idx, status, run_when,"
            + " allow_failure, tags, spec, user_id, runner_id, timeout_seconds, failure_reason, exit_code, retried,"
            + " retry_of, created_at, queued_at, started_at, finished_at, runner_contacted_at, scheduled_at";
    // The spec's own JSON, independent of how the APIs name fields.
    private static final JsonMapper SPEC_JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public JobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new job in status {@code created}. */
    public long insert(
            long pipelineId,
            long projectId,
            String name,
            String stage,
            int stageIndex,
            When when,
            boolean allowFailure,
            List<String> tags,
            JobSpec spec,
            Long userId,
            int timeoutSeconds,
            Long retryOf,
            Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO jobs (pipeline_id, project_id, name, stage, stage_idx, status, run_when, allow_failure,"
                        + " tags, spec, user_id, timeout_seconds, retried, retry_of, created_at)"
                        + " VALUES (:pipeline, :project, :name, :stage, :stageIndex, 'created', :when, :allowFailure,"
                        + " :tags, :spec, :user, :timeout, FALSE, :retryOf, :now)")
                .param("pipeline", pipelineId)
                .param("project", projectId)
                .param("name", name)
                .param("stage", stage)
                .param("stageIndex", stageIndex)
                .param("when", when.wireName())
                .param("allowFailure", allowFailure)
                .param("tags", String.join(",", tags))
                .param("spec", SPEC_JSON.writeValueAsString(spec))
                .param("user", userId)
                .param("timeout", timeoutSeconds)
                .param("retryOf", retryOf)
                .param("now", Timestamps.toSql(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<Job> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")
                .param(id)
                .query(this::map)
                .optional();
    }

    public Optional<Job> findByTokenDigest(String digest) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE token_digest = ?")
                .param(digest)
                .query(this::map)
                .optional();
    }

    /** Every job of a pipeline, retried ones included, in stage order. */
    public List<Job> forPipeline(long pipelineId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE pipeline_id = ? ORDER BY stage_idx, id")
                .param(pipelineId)
                .query(this::map)
                .list();
    }

    /** A page of a project's jobs, newest first; only those in {@code statuses} unless it is empty. */
    public List<Job> forProject(long projectId, Set<JobStatus> statuses, int limit, long offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE project_id = :project"
                        + (statuses.isEmpty() ? "" : " AND status IN (:statuses)")
                        + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("project", projectId)
                .param("statuses", statuses.stream().map(JobStatus::wireName).toList())
                .param("limit", limit)
                .param("offset", offset)
                .query(this::map)
                .list();
    }

    public long countForProject(long projectId, Set<JobStatus> statuses) {
        return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE project_id = :project"
                        + (statuses.isEmpty() ? "" : " AND status IN (:statuses)"))
                .param("project", projectId)
                .param("statuses", statuses.stream().map(JobStatus::wireName).toList())
                .query(Long.class)
                .single();
    }

    /** The latest successful job of this name on a ref: where GitLab finds "the artifacts of the latest build". */
    public Optional<Job> latestSuccessful(long projectId, String ref, String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = (SELECT j.id FROM jobs j"
                        + " JOIN pipelines p ON p.id = j.pipeline_id"
                        + " WHERE j.project_id = ? AND p.ref = ? AND j.name = ? AND j.status = 'success'"
                        + " ORDER BY j.id DESC LIMIT 1)")
                .params(projectId, ref, name)
                .query(this::map)
                .optional();
    }

    /** The oldest pending jobs no runner holds yet: the candidates a runner may take. */
    public List<Job> pending(long afterId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE status = 'pending' AND runner_id IS NULL AND id > ?"
                        + " ORDER BY id LIMIT ?")
                .params(afterId, limit)
                .query(this::map)
                .list();
    }

    /** Jobs in the given states whose runner last reported before {@code before}. */
    public List<Job> onRunnerSilentSince(JobStatus status, Instant before) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE status = ? AND runner_contacted_at < ? ORDER BY id")
                .params(status.wireName(), Timestamps.toSql(before))
                .query(this::map)
                .list();
    }

    /**
     * Hands a pending job to a runner; false when another runner took it first. With {@code acknowledged} the job
     * runs at once; without, it stays pending until the runner confirms ({@link #acknowledge}).
     */
    public boolean claim(
            long jobId, long runnerId, String tokenDigest, int timeoutSeconds, boolean acknowledged, Instant now) {
        String running = acknowledged ? "status = 'running', started_at = :now, " : "";
        return jdbc.sql("UPDATE jobs SET " + running + "runner_id = :runner, token_digest = :digest,"
                                + " timeout_seconds = :timeout, runner_contacted_at = :now"
                                + " WHERE id = :id AND status = 'pending' AND runner_id IS NULL")
                        .param("runner", runnerId)
                        .param("digest", tokenDigest)
                        .param("timeout", timeoutSeconds)
                        .param("now", Timestamps.toSql(now))
                        .param("id", jobId)
                        .update()
                == 1;
    }

    /** The runner confirmed a job it was given: it runs now. */
    public boolean acknowledge(long jobId, long runnerId, Instant now) {
        return jdbc.sql("UPDATE jobs SET status = 'running', started_at = :now, runner_contacted_at = :now"
                                + " WHERE id = :id AND status = 'pending' AND runner_id = :runner")
                        .param("now", Timestamps.toSql(now))
                        .param("runner", runnerId)
                        .param("id", jobId)
                        .update()
                == 1;
    }

    /**
     * Takes a job back from a runner that has not confirmed it since {@code before}, so that another runner can
     * take it; false when that runner confirmed it or it was taken back already.
     */
    public boolean unassign(long jobId, long runnerId, Instant before) {
        return jdbc.sql("UPDATE jobs SET runner_id = NULL, token_digest = NULL WHERE id = ? AND status = 'pending'"
                                + " AND runner_id = ? AND runner_contacted_at < ?")
                        .params(jobId, runnerId, Timestamps.toSql(before))
                        .update()
                == 1;
    }

    /** Pending jobs given to a runner that has not confirmed them since {@code before}. */
    public List<Job> unacknowledgedSince(Instant before) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE status = 'pending' AND runner_id IS NOT NULL"
                        + " AND runner_contacted_at < ? ORDER BY id")
                .param(Timestamps.toSql(before))
                .query(this::map)
                .list();
    }

    /** Moves a job from one status to another; false when it was no longer in {@code from}. */
    public boolean transition(
            long jobId, JobStatus from, JobStatus to, FailureReason reason, Integer exitCode, Instant now) {
        String timestamps = switch (to) {
            case PENDING -> ", queued_at = :now, finished_at = NULL";
            case SUCCESS, FAILED, CANCELED, SKIPPED -> ", finished_at = :now";
            case CREATED -> ", queued_at = NULL, finished_at = NULL";
            default -> "";
        };
        return jdbc.sql("UPDATE jobs SET status = :to, failure_reason = :reason, exit_code = :exitCode" + timestamps
                                + " WHERE id = :id AND status = :from")
                        .param("to", to.wireName())
                        .param("reason", reason == null ? null : reason.wireName())
                        .param("exitCode", exitCode)
                        .param("now", Timestamps.toSql(now))
                        .param("id", jobId)
                        .param("from", from.wireName())
                        .update()
                == 1;
    }

    public void recordRunnerContact(long jobId, Instant now) {
        jdbc.sql("UPDATE jobs SET runner_contacted_at = ? WHERE id = ?")
                .params(Timestamps.toSql(now), jobId)
                .update();
    }

    public void recordTraceChecksum(long jobId, String checksum) {
        jdbc.sql("UPDATE jobs SET trace_checksum = ? WHERE id = ?")
                .params(checksum, jobId)
                .update();
    }

    public void markRetried(long jobId) {
        jdbc.sql("UPDATE jobs SET retried = TRUE WHERE id = ?").param(jobId).update();
    }

    /** A new attempt's user replaces the original's: whoever retries or plays a job starts it. */
    public void assignUser(long jobId, Long userId) {
        jdbc.sql("UPDATE jobs SET user_id = ? WHERE id = ?")
                .params(userId, jobId)
                .update();
    }

    /** When a delayed job starts. */
    public void schedule(long jobId, Instant at) {
        jdbc.sql("UPDATE jobs SET scheduled_at = ? WHERE id = ?")
                .params(Timestamps.toSql(at), jobId)
                .update();
    }

    /** Delayed jobs whose time has come. */
    public List<Job> scheduledUntil(Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE status = 'scheduled' AND scheduled_at <= ? ORDER BY id")
                .param(Timestamps.toSql(now))
                .query(this::map)
                .list();
    }

    public long countByStatus(JobStatus status) {
        return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE status = ?")
                .param(status.wireName())
                .query(Long.class)
                .single();
    }

    private Job map(ResultSet rs, int row) throws SQLException {
        String tags = rs.getString("tags");
        return new Job(
                rs.getLong("id"),
                rs.getLong("pipeline_id"),
                rs.getLong("project_id"),
                rs.getString("name"),
                rs.getString("stage"),
                rs.getInt("stage_idx"),
                JobStatus.fromWireName(rs.getString("status")).orElseThrow(),
                When.fromWireName(rs.getString("run_when")).orElseThrow(),
                rs.getBoolean("allow_failure"),
                tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
                SPEC_JSON.readValue(rs.getString("spec"), JobSpec.class),
                rs.getObject("user_id", Long.class),
                rs.getObject("runner_id", Long.class),
                rs.getInt("timeout_seconds"),
                FailureReason.fromWireName(rs.getString("failure_reason")).orElse(null),
                rs.getObject("exit_code", Integer.class),
                rs.getBoolean("retried"),
                rs.getObject("retry_of", Long.class),
                Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "queued_at"),
                Timestamps.read(rs, "started_at"),
                Timestamps.read(rs, "finished_at"),
                Timestamps.read(rs, "runner_contacted_at"),
                Timestamps.read(rs, "scheduled_at"));
    }
}
