package dev.porthole.runner.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unzips an artifact or cache archive into a directory, refusing entries that would land outside it.
 *
 * <p>Every entry is checked before any is written, so a refused archive leaves the directory as it was. Archives come
 * from other jobs and so from anyone who can push a pipeline: an entry may not be absolute, climb out with {@code ..}
 * ("zip slip"), or be written through a symbolic link already in the directory.
 */
public final class ArtifactExtractor {
    private ArtifactExtractor() {}

    private record Placement(ZipEntry entry, Path destination) {}

    /**
     * Extracts, overwriting files already there and creating directories as needed.
     *
     * @return the number of files written
     * @throws IOException naming the entry, when an entry would be written outside {@code targetDir}
     */
    public static int extract(Path zipFile, Path targetDir, Consumer<String> log) throws IOException {
        Files.createDirectories(targetDir);
        Path target = targetDir.toRealPath();
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            List<Placement> placements = new ArrayList<>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                placements.add(new Placement(entry, destination(target, entry.getName())));
            }
            int written = 0;
            for (Placement placement : placements) {
                if (write(zip, placement, log)) {
                    written++;
                }
            }
            return written;
        }
    }

    private static boolean write(ZipFile zip, Placement placement, Consumer<String> log) throws IOException {
        ZipEntry entry = placement.entry();
        Path destination = placement.destination();
        if (isDirectory(entry.getName())) {
            Files.createDirectories(destination);
            return false;
        }
        Files.createDirectories(destination.getParent());
        if (Files.isSymbolicLink(destination)) {
            // Replaced, never written through: the copy below swaps the link itself for a regular file.
            log.accept("WARNING: " + entry.getName() + ": replaces a symbolic link");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
        }
        if (entry.getLastModifiedTime() != null) {
            Files.setLastModifiedTime(destination, entry.getLastModifiedTime());
        }
        return true;
    }

    /** Where an entry goes, or an IOException naming it when that is not strictly inside the target directory. */
    private static Path destination(Path target, String name) throws IOException {
        // Backslashes are separators to Windows tools that write zips, and to a runner on Windows.
        String slashed = name.replace('\\', '/');
        if (slashed.startsWith("/") || slashed.matches("^[A-Za-z]:.*")) {
            throw new IOException("zip entry " + name + " has an absolute path; refusing to extract the archive");
        }
        Path destination;
        try {
            destination = target.resolve(slashed).normalize();
        } catch (InvalidPathException e) {
            throw new IOException("zip entry " + name + " is not a valid path; refusing to extract the archive", e);
        }
        if (!destination.startsWith(target) || (destination.equals(target) && !isDirectory(slashed))) {
            throw new IOException(
                    "zip entry " + name + " leads outside the target directory; refusing to extract the archive");
        }
        for (Path parent = destination.getParent();
                parent != null && parent.startsWith(target) && !parent.equals(target);
                parent = parent.getParent()) {
            if (Files.isSymbolicLink(parent)) {
                throw new IOException("zip entry " + name + " would be written through the symbolic link "
                        + target.relativize(parent) + "; refusing to extract the archive");
            }
        }
        return destination;
    }

    private static boolean isDirectory(String name) {
        return name.endsWith("/") || name.endsWith("\\");
    }
}
