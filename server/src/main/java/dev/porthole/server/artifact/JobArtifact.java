package dev.porthole.server.artifact;

import java.time.Instant;

/**
 * A file a job left.
 *
 * @param fileType GitLab's artifact type: {@code archive} for the job's {@code artifacts: paths}
 * @param fileFormat {@code zip}, {@code gzip} or {@code raw}
 * @param expireAt null when it never expires
 */
public record JobArtifact(
        long id,
        long jobId,
        long projectId,
        String fileType,
        String fileFormat,
        String filename,
        long size,
        String sha256,
        Instant expireAt,
        Instant createdAt) {}
