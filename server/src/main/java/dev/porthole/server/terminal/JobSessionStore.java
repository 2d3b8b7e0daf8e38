package dev.porthole.server.terminal;

import dev.porthole.server.persistence.Timestamps;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sessions of running jobs, and the reason a job has none when its runner's was refused. */
@Repository
public class JobSessionStore {
    private final JdbcClient jdbc;

    public JobSessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void save(JobSession session) {
        delete(session.jobId());
        jdbc.sql("INSERT INTO job_sessions (job_id, url, certificate, authorization_token, created_at)"
                        + " VALUES (:job, :url, :certificate, :authorization, :created)")
                .param("job", session.jobId())
                .param("url", session.url())
                .param("certificate", session.certificatePem())
                .param("authorization", session.authorization())
                .param("created", Timestamps.toSql(session.createdAt()))
                .update();
    }

    public Optional<JobSession> find(long jobId) {
        return jdbc.sql("SELECT job_id, url, certificate, authorization_token, created_at FROM job_sessions"
                        + " WHERE job_id = ?")
                .param(jobId)
                .query((rs, row) -> new JobSession(
                        rs.getLong("job_id"),
                        rs.getString("url"),
                        rs.getString("certificate"),
                        rs.getString("authorization_token"),
                        Timestamps.read(rs, "created_at")))
                .optional();
    }

    public void delete(long jobId) {
        jdbc.sql("DELETE FROM job_sessions WHERE job_id = ?").param(jobId).update();
    }

    /**
     * Forgets the sessions of jobs that are no longer running (canceled, timed out, finished); returns how many. A
     * job given to a runner that confirms its jobs ({@code two_phase_job_commit}) stays pending, with its runner, until
     * the confirmation: its session is kept meanwhile.
     */
    public int deleteOfStoppedJobs() {
        return jdbc.sql("DELETE FROM job_sessions WHERE job_id IN (SELECT id FROM jobs WHERE status <> 'running'"
                        + " AND NOT (status = 'pending' AND runner_id IS NOT NULL))")
                .update();
    }

    /** Why the job's runner offered a session that was refused; null clears it. */
    public void setUnavailableReason(long jobId, String reason) {
        jdbc.sql("UPDATE jobs SET terminal_unavailable_reason = ? WHERE id = ?")
                .params(reason, jobId)
                .update();
    }

    public Optional<String> unavailableReason(long jobId) {
        return jdbc.sql("SELECT terminal_unavailable_reason FROM jobs WHERE id = ?")
                .param(jobId)
                .query((rs, row) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(reason -> reason);
    }
}
