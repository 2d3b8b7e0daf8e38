package dev.porthole.server.project;

import java.time.Instant;

/** A project: a git repository in a namespace, with its pipelines. */
public record Project(
        long id,
        String namespacePath,
        String path,
        String name,
        String description,
        Visibility visibility,
        String defaultBranch,
        Long creatorId,
        Instant createdAt) {

    /** {@code namespace/path}, as in URLs and {@code CI_PROJECT_PATH}. */
    public String fullPath() {
        return namespacePath + "/" + path;
    }
}
