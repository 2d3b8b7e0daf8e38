package dev.porthole.runner.artifacts;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Caches kept on the runner's machine, as {@code <root>/<project path>/<key>/cache.zip}.
 *
 * <p>A cache that cannot be restored or saved costs the job time, not its result: failures are logged as warnings,
 * as GitLab's runner does, and never thrown. Arguments that could not name a cache directory are still refused.
 */
public final class LocalCache {
    private static final String ARCHIVE_NAME = "cache.zip";

    private final Path root;

    public LocalCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Extracts the cache into the project directory, when there is one.
     *
     * @param projectPath the project's path on the server, such as {@code group/project}
     * @return the archive extracted; empty when there was none or it could not be extracted
     * @throws IllegalArgumentException when the project path or the key could not name a directory under the root
     */
    public Optional<Path> restore(String projectPath, String key, Path projectDir, Consumer<String> log) {
        Path archive = archive(projectPath, key);
        log.accept("Checking cache for " + key + "...");
        if (!Files.isRegularFile(archive)) {
            log.accept("WARNING: file does not exist");
            log.accept("Failed to extract cache");
            return Optional.empty();
        }
        try {
            // An archive replaced while this reads it stays readable: the save below renames over it, and an open
            // file keeps the contents it had.
            ArtifactExtractor.extract(archive, projectDir, log);
        } catch (IOException e) {
            log.accept("WARNING: " + describe(e));
            log.accept("Failed to extract cache");
            return Optional.empty();
        }
        log.accept("Successfully extracted cache");
        return Optional.of(archive);
    }

    /**
     * Archives {@code paths} (and the untracked files) as the cache, replacing the one there at once, so that a job
     * restoring it at the same time reads either the old archive or the new one whole.
     *
     * @throws IllegalArgumentException when the project path or the key could not name a directory under the root
     */
    public void save(
            String projectPath,
            String key,
            List<String> paths,
            boolean untracked,
            Path projectDir,
            Consumer<String> log) {
        Path archive = archive(projectPath, key);
        log.accept("Creating cache " + key + "...");
        Path partial = null;
        try {
            Files.createDirectories(archive.getParent());
            // Beside the archive, so that moving it there is a rename within one file system.
            partial = Files.createTempFile(archive.getParent(), "cache-", ".zip.partial");
            Archive result = ArtifactArchiver.archive(projectDir, paths, List.of(), untracked, partial, log);
            if (result.empty()) {
                log.accept("WARNING: no files to cache; cache " + key + " is left as it was");
                return;
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.accept("Created cache");
        } catch (IOException e) {
            log.accept("WARNING: " + describe(e));
            log.accept("Failed to create cache");
        } finally {
            deleteQuietly(partial);
        }
    }

    private Path archive(String projectPath, String key) {
        CacheKeys.requireSafe(key);
        if (projectPath == null || projectPath.isBlank()) {
            throw new IllegalArgumentException("a cache needs the project's path");
        }
        for (String name : projectPath.split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("\\")) {
                throw new IllegalArgumentException("project path '" + projectPath
                        + "' is not a relative path of plain names; it cannot name a cache directory");
            }
        }
        Path archive =
                root.resolve(projectPath).resolve(key).resolve(ARCHIVE_NAME).normalize();
        if (!archive.startsWith(root)) {
            throw new IllegalArgumentException("project path '" + projectPath + "' leads outside the cache directory");
        }
        return archive;
    }

    private static String describe(IOException e) {
        // A file system exception's message is often just a path; its kind says what went wrong.
        if (e.getMessage() == null) {
            return e.toString();
        }
        return e instanceof FileSystemException ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getMessage();
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover partial file is never read: restore opens only cache.zip
        }
    }
}
