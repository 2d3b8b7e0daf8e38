package dev.porthole.server.trigger;

import dev.porthole.server.ciconfig.ConfigSource;
import dev.porthole.server.repository.RepositoryStorage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The files of one commit, for {@code include: local} and {@code rules: exists}; the file list is read once. */
final class CommitFiles implements ConfigSource {
    private final RepositoryStorage repositories;
    private final long projectId;
    private final String sha;
    private List<String> files;

    CommitFiles(RepositoryStorage repositories, long projectId, String sha) {
        this.repositories = repositories;
        this.projectId = projectId;
        this.sha = sha;
    }

    @Override
    public Optional<String> read(String path) {
        return repositories.readFile(projectId, sha, path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public List<String> files() {
        if (files == null) {
            files = repositories.listFiles(projectId, sha);
        }
        return files;
    }
}
