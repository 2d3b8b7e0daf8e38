package dev.porthole.server.ciconfig;

import java.util.List;
import java.util.Optional;

/** The files of the commit a pipeline is for: for {@code include: local} and {@code rules: exists}. */
public interface ConfigSource {
    /** The content of a file, by its path from the repository's root. */
    Optional<String> read(String path);

    /** Every file's path at the commit, from the repository's root, without a leading slash. */
    List<String> files();

    /** A commit with no files but the configuration itself (for tests and for linting a text). */
    static ConfigSource empty() {
        return new ConfigSource() {
            @Override
            public Optional<String> read(String path) {
                return Optional.empty();
            }

            @Override
            public List<String> files() {
                return List.of();
            }
        };
    }
}
