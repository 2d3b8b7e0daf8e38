package dev.porthole.server.artifact;

import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Artifacts' records in the database; their files are in {@link ArtifactFiles}. */
@Repository
public class ArtifactStore {
    private static final String COLUMNS =
            "id, job_id, project_id, file_type, file_format, filename, size, sha256, expire_at, created_at";
    private final JdbcClient jdbc;

    public ArtifactStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an artifact, replacing one of the same type the job uploaded before. */
    public void save(JobArtifact a) {
        jdbc.sql("DELETE FROM job_artifacts WHERE job_id = ? AND file_type = ?")
                .params(a.jobId(), a.fileType())
                .update();
        jdbc.sql("INSERT INTO job_artifacts (job_id, project_id, file_type, file_format, filename, size, sha256,"
                        + " expire_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        a.jobId(),
                        a.projectId(),
                        a.fileType(),
                        a.fileFormat(),
                        a.filename(),
                        a.size(),
                        a.sha256(),
                        Timestamps.toSql(a.expireAt()),
                        Timestamps.toSql(a.createdAt()))
                .update();
    }

    public List<JobArtifact> forJob(long jobId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM job_artifacts WHERE job_id = ? ORDER BY file_type")
                .param(jobId)
                .query(ArtifactStore::map)
                .list();
    }

    public Optional<JobArtifact> find(long jobId, String fileType) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM job_artifacts WHERE job_id = ? AND file_type = ?")
                .params(jobId, fileType)
                .query(ArtifactStore::map)
                .optional();
    }

    public List<JobArtifact> expiredBefore(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM job_artifacts WHERE expire_at < ? ORDER BY expire_at LIMIT ?")
                .params(Timestamps.toSql(now), limit)
                .query(ArtifactStore::map)
                .list();
    }

    public int deleteForJob(long jobId) {
        return jdbc.sql("DELETE FROM job_artifacts WHERE job_id = ?")
                .param(jobId)
                .update();
    }

    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM job_artifacts WHERE id = ?").param(id).update() == 1;
    }

    private static JobArtifact map(ResultSet rs, int row) throws SQLException {
        return new JobArtifact(
                rs.getLong("id"),
                rs.getLong("job_id"),
                rs.getLong("project_id"),
                rs.getString("file_type"),
                rs.getString("file_format"),
                rs.getString("filename"),
                rs.getLong("size"),
                rs.getString("sha256"),
                Timestamps.read(rs, "expire_at"),
                Timestamps.read(rs, "created_at"));
    }
}
