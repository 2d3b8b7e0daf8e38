package dev.porthole.server.pipeline;

import java.time.Instant;

/**
 * The jobs made from one {@code .gitlab-ci.yml} at one commit.
 *
 * @param source {@code push}, {@code api}, {@code web}
 * @param yamlErrors why the configuration made no jobs, or null
 */
public record Pipeline(
        long id,
        long projectId,
        String ref,
        boolean tag,
        String sha,
        String beforeSha,
        String source,
        PipelineStatus status,
        Long userId,
        String yamlErrors,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt) {}
