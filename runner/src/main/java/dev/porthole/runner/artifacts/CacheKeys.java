package dev.porthole.runner.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * GitLab's cache key: {@code cache:key}, or {@code cache:key:files} with {@code cache:key:prefix}.
 *
 * <p>A key names the directory a cache is kept in, so it has to be one directory name. A key that is not is refused
 * rather than rewritten: two keys rewritten to the same name would silently share a cache.
 */
public final class CacheKeys {
    static final String DEFAULT_KEY = "default";
    // GitLab allows one or two files in cache:key:files.
    private static final int MAX_KEY_FILES = 2;
    // The longest file name the usual file systems accept, in bytes.
    private static final int MAX_KEY_BYTES = 255;

    private CacheKeys() {}

    /**
     * The key for a job's cache.
     *
     * @param key {@code cache:key} after variable expansion; {@code "default"} when null or blank
     * @param files {@code cache:key:files}, relative to {@code projectDir}; when given, {@code key} is not used
     * @param prefix {@code cache:key:prefix}, put before the files' hash; null or blank for none
     * @throws IllegalArgumentException when the key is not a single directory name, when more than two files are
     *     given, or when a file lies outside the project directory
     * @throws IOException when a file exists but cannot be read
     */
    public static String key(String key, List<String> files, String prefix, Path projectDir) throws IOException {
        String result;
        if (files != null && !files.isEmpty()) {
            String hash = hashOf(files, projectDir);
            String name = hash == null ? DEFAULT_KEY : hash;
            result = prefix == null || prefix.isBlank() ? name : prefix + "-" + name;
        } else {
            result = key == null || key.isBlank() ? DEFAULT_KEY : key;
        }
        requireSafe(result);
        return result;
    }

    /**
     * Refuses a key that is not a single directory name.
     *
     * @throws IllegalArgumentException saying why
     */
    static void requireSafe(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (key.contains("/") || key.contains("\\") || lower.contains("%2f") || lower.contains("%5c")) {
            // GitLab refuses "/" and its URL encoding; the backslash separates directories on Windows.
            throw new IllegalArgumentException(
                    "cache key '" + key + "' contains a path separator; a cache key must be a single directory name");
        }
        if (lower.replace("%2e", ".").chars().allMatch(c -> c == '.')) {
            throw new IllegalArgumentException(
                    "cache key '" + key + "' is made of dots only, which names no directory");
        }
        if (key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("cache key '" + key.replace("\0", "\\0") + "' contains a NUL character");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("cache key '" + key + "' is longer than " + MAX_KEY_BYTES + " bytes");
        }
    }

    /**
     * The SHA-256 of the files' contents one after the other, as {@code cat a b | sha256sum} gives it, so that a key
     * can be checked by hand; null when none of the files exists.
     */
    private static String hashOf(List<String> files, Path projectDir) throws IOException {
        if (files.size() > MAX_KEY_FILES) {
            throw new IllegalArgumentException(
                    "cache:key:files takes one or two files, not " + files.size() + ": " + files);
        }
        Path root = projectDir.toRealPath();
        MessageDigest digest = sha256();
        boolean any = false;
        for (String file : files) {
            Path path = root.resolve(file).normalize();
            if (!path.startsWith(root)) {
                throw new IllegalArgumentException(
                        "cache:key:files entry " + file + " is outside the project directory " + projectDir);
            }
            if (!Files.isRegularFile(path)) {
                continue;
            }
            // A link may hide where a file is; the key must not reveal a file of the machine the job runs on.
            if (!path.toRealPath().startsWith(root)) {
                throw new IllegalArgumentException(
                        "cache:key:files entry " + file + " is a symbolic link to outside the project directory");
            }
            try (InputStream in = Files.newInputStream(path)) {
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
            }
            any = true;
        }
        return any ? HexFormat.of().formatHex(digest.digest()) : null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
