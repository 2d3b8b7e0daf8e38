package dev.porthole.server.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/** Artifact files under {@code <data>/artifacts/<job id>/<type>}; written to a temporary file, then moved. */
public class ArtifactFiles {
    private final Path root;

    public ArtifactFiles(Path root) {
        this.root = root;
    }

    /** What was written: its size and SHA-256. */
    public record Written(long size, String sha256) {}

    /** Thrown when an upload passes the size limit; nothing is kept of it. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("the artifact is larger than this server's limit of " + limit + " bytes");
        }
    }

    public Path path(long jobId, String fileType) {
        return root.resolve(Long.toString(jobId)).resolve(fileType);
    }

    public Written write(long jobId, String fileType, InputStream content, long maxSize) throws IOException {
        Path target = path(jobId, fileType);
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), fileType, ".upload");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size;
            try (var in = new DigestInputStream(content, sha);
                    var out = Files.newOutputStream(temporary)) {
                size = copyAtMost(in, out, maxSize);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Written(size, HexFormat.of().formatHex(sha.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static long copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > max) {
                throw new TooLargeException(max);
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    /** Removes one file; a file already gone (a cleaned disk, another server instance) is not an error. */
    public void delete(long jobId, String fileType) {
        try {
            Files.deleteIfExists(path(jobId, fileType));
            Path dir = root.resolve(Long.toString(jobId));
            if (!Files.isDirectory(dir)) {
                return;
            }
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every file of a job (its pipeline was deleted). */
    public void deleteJob(long jobId) {
        Path dir = root.resolve(Long.toString(jobId));
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
