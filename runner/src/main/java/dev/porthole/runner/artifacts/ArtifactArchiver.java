package dev.porthole.runner.artifacts;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Zips the files a job's {@code artifacts:paths}, {@code artifacts:exclude} and {@code artifacts:untracked} select
 * (or a cache's {@code paths} and {@code untracked}), logging as GitLab's runner does.
 */
public final class ArtifactArchiver {
    private ArtifactArchiver() {}

    /**
     * Writes the zip, its entries sorted by path so that the same files always give the same order.
     *
     * @param paths GitLab patterns relative to {@code projectDir}; a pattern that leaves it is logged and skipped
     * @param exclude patterns whose matches, and what lies under matching directories, are left out
     * @param untracked whether to add the files git neither tracks nor ignores
     * @param zipFile written only when something matched
     * @param log receives the lines for the job's log
     */
    public static Archive archive(
            Path projectDir,
            List<String> paths,
            List<String> exclude,
            boolean untracked,
            Path zipFile,
            Consumer<String> log)
            throws IOException {
        ArtifactSelection selection = new ArtifactSelection(projectDir, orEmpty(exclude), log);
        for (String pattern : orEmpty(paths)) {
            selection.addPattern(pattern);
        }
        if (untracked) {
            Optional<List<String>> listed = UntrackedFiles.list(selection.root(), log);
            if (listed.isPresent()) {
                selection.addUntracked(listed.get());
            }
        }
        selection.logExclusions();
        SortedMap<String, Path> files = new TreeMap<>(selection.files());
        // A zip written into the project directory by an earlier run must not be read while it is rewritten.
        Path zip = zipFile.toAbsolutePath().normalize();
        if (Files.exists(zip)) {
            Path real = zip.toRealPath();
            if (real.startsWith(selection.root())) {
                files.remove(selection
                        .root()
                        .relativize(real)
                        .toString()
                        .replace(real.getFileSystem().getSeparator(), "/"));
            }
        }
        if (files.isEmpty()) {
            return new Archive(0, 0, true);
        }
        if (zip.getParent() != null) {
            Files.createDirectories(zip.getParent());
        }
        try {
            return new Archive(files.size(), write(files, zip), false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(zip);
            throw e;
        }
    }

    private static long write(SortedMap<String, Path> files, Path zip) throws IOException {
        long bytes = 0;
        try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip)))) {
            for (Map.Entry<String, Path> file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                // Kept so that tools deciding on modification times (make, incremental compilers) work from a cache.
                entry.setLastModifiedTime(Files.getLastModifiedTime(file.getValue()));
                out.putNextEntry(entry);
                bytes += Files.copy(file.getValue(), out);
                out.closeEntry();
            }
        }
        return bytes;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
