package dev.porthole.server.artifact;

import dev.porthole.server.ciconfig.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/** Keeps what runners upload, finds it for later jobs and for people, and removes it once it expires. */
@Service
public class ArtifactService {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactService.class);
    private static final int EXPIRY_BATCH = 500;

    private final ArtifactStore store;
    private final ArtifactFiles files;
    private final ArtifactSettings settings;
    private final Clock clock;

    public ArtifactService(ArtifactStore store, ArtifactFiles files, ArtifactSettings settings, Clock clock) {
        this.store = store;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Stores an upload for a job, replacing one of the same type.
     *
     * @param expireIn the job's {@code expire_in} ({@code never}, a duration), or null for the default
     */
    public JobArtifact save(
            long jobId,
            long projectId,
            String fileType,
            String fileFormat,
            String filename,
            String expireIn,
            InputStream content)
            throws IOException {
        ArtifactFiles.Written written =
                files.write(jobId, fileType, content, settings.maxSize().toBytes());
        var now = clock.instant();
        var artifact = new JobArtifact(
                0,
                jobId,
                projectId,
                fileType,
                fileFormat,
                filename,
                written.size(),
                written.sha256(),
                expiry(expireIn, now),
                now);
        store.save(artifact);
        return artifact;
    }

    Instant expiry(String expireIn, Instant now) {
        if (expireIn == null || expireIn.isBlank()) {
            return now.plus(settings.defaultExpireIn());
        }
        if (expireIn.strip().equals("never")) {
            return null;
        }
        return Durations.parse(expireIn).map(now::plus).orElse(now.plus(settings.defaultExpireIn()));
    }

    public List<JobArtifact> forJob(long jobId) {
        return store.forJob(jobId);
    }

    /** The job's archive ({@code artifacts: paths}), if it has one. */
    public Optional<JobArtifact> archive(long jobId) {
        return store.find(jobId, "archive");
    }

    public Path file(JobArtifact artifact) {
        return files.path(artifact.jobId(), artifact.fileType());
    }

    /** Removes a job's artifacts, rows and files: {@code DELETE /projects/:id/jobs/:job_id/artifacts}. */
    public boolean deleteForJob(long jobId) {
        int rows = store.deleteForJob(jobId);
        files.deleteJob(jobId);
        return rows > 0;
    }

    /** Removes the files of deleted jobs; their rows went with the jobs. */
    public void deleteFiles(List<Long> jobIds) {
        jobIds.forEach(files::deleteJob);
    }

    /** Removes expired artifacts. Safe on several server instances: each row is deleted once. */
    @Scheduled(
            fixedDelayString = "${porthole.artifacts.expiry-interval:10m}",
            initialDelayString = "${porthole.artifacts.expiry-interval:10m}")
    public int removeExpired() {
        int removed = 0;
        for (JobArtifact artifact : store.expiredBefore(clock.instant(), EXPIRY_BATCH)) {
            if (store.delete(artifact.id())) {
                try {
                    files.delete(artifact.jobId(), artifact.fileType());
                } catch (UncheckedIOException e) {
                    // The row is gone, so nothing serves the file any more; one stuck file must not stop the rest.
                    LOG.warn(
                            "could not remove the expired artifact file of job {}: {}",
                            artifact.jobId(),
                            e.getMessage());
                }
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info("removed {} expired artifacts", removed);
        }
        return removed;
    }
}
