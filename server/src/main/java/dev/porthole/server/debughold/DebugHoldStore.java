package dev.porthole.server.debughold;

import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Holds as rows of {@code job_debug_holds}. */
@Repository
class DebugHoldStore {
    private static final String COLUMNS =
            "job_id, requested_seconds, exit_code, started_at, ends_at, extensions, released_at, released_by";

    private final JdbcClient jdbc;

    DebugHoldStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the hold unless the job has one already (a runner repeats its report); true when created. */
    boolean insertIfAbsent(JobHold hold) {
        if (find(hold.jobId()).isPresent()) {
            return false;
        }
        jdbc.sql("INSERT INTO job_debug_holds (job_id, requested_seconds, exit_code, started_at, ends_at)"
                        + " VALUES (:job, :requested, :exit, :started, :ends)")
                .param("job", hold.jobId())
                .param("requested", hold.requested().toSeconds())
                .param("exit", hold.exitCode())
                .param("started", Timestamps.toSql(hold.startedAt()))
                .param("ends", Timestamps.toSql(hold.endsAt()))
                .update();
        return true;
    }

    Optional<JobHold> find(long jobId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM job_debug_holds WHERE job_id = ?")
                .param(jobId)
                .query(DebugHoldStore::read)
                .optional();
    }

    /** Moves the end of a hold that is still open; false when it was released or ran out meanwhile. */
    boolean extend(long jobId, Instant endsAt, Instant now) {
        return jdbc.sql("UPDATE job_debug_holds SET ends_at = :ends, extensions = extensions + 1"
                                + " WHERE job_id = :job AND released_at IS NULL AND ends_at > :now")
                        .param("ends", Timestamps.toSql(endsAt))
                        .param("job", jobId)
                        .param("now", Timestamps.toSql(now))
                        .update()
                == 1;
    }

    boolean release(long jobId, Long userId, Instant now) {
        return jdbc.sql("UPDATE job_debug_holds SET released_at = :now, released_by = :user"
                                + " WHERE job_id = :job AND released_at IS NULL AND ends_at > :now")
                        .param("now", Timestamps.toSql(now))
                        .param("user", userId)
                        .param("job", jobId)
                        .update()
                == 1;
    }

    /** Holds of running jobs that are open now, soonest end first. */
    List<JobHold> open(Instant now) {
        return jdbc.sql("SELECT h.job_id, h.requested_seconds, h.exit_code, h.started_at, h.ends_at, h.extensions,"
                        + " h.released_at, h.released_by FROM job_debug_holds h JOIN jobs j ON j.id = h.job_id"
                        + " WHERE j.status = 'running' AND h.released_at IS NULL AND h.ends_at > ?"
                        + " ORDER BY h.ends_at")
                .param(Timestamps.toSql(now))
                .query(DebugHoldStore::read)
                .list();
    }

    private static JobHold read(ResultSet rs, int row) throws SQLException {
        long by = rs.getLong("released_by");
        Long releasedBy = rs.wasNull() ? null : by;
        return new JobHold(
                rs.getLong("job_id"),
                Duration.ofSeconds(rs.getLong("requested_seconds")),
                rs.getInt("exit_code"),
                Timestamps.read(rs, "started_at"),
                Timestamps.read(rs, "ends_at"),
                rs.getInt("extensions"),
                Timestamps.read(rs, "released_at"),
                releasedBy);
    }
}
