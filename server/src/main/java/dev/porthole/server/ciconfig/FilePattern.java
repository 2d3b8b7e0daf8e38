package dev.porthole.server.ciconfig;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A file pattern as GitLab reads {@code rules: changes} and {@code rules: exists} (Ruby's
 * {@code File.fnmatch} with {@code FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB}): {@code *} and {@code ?} stay within
 * one directory, {@code **}{@code /} stands for any number of directories, none included, and {@code {a,b}} for
 * either. Java's glob differs only in that its {@code **}{@code /} needs at least one directory, so each
 * {@code **}{@code /} is tried both present and absent.
 */
final class FilePattern {
    private static final String ANY_DIRECTORIES = "**/";
    private final List<PathMatcher> matchers;

    private FilePattern(List<PathMatcher> matchers) {
        this.matchers = matchers;
    }

    /**
     * An {@code include} glob. GitLab documents these with Java's own meaning: {@code configs/**}{@code /*.yml} is
     * the files of configs' subfolders only, {@code configs/**.yml} those of configs and its subfolders.
     */
    static FilePattern forInclude(String pattern) {
        String glob = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        return new FilePattern(List.of(FileSystems.getDefault().getPathMatcher("glob:" + glob)));
    }

    /** A pattern relative to the repository's root; a leading {@code /} is allowed and means the same. */
    static FilePattern of(String pattern) {
        String glob = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        List<PathMatcher> matchers = new ArrayList<>();
        for (String variant : variants(glob)) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
        }
        return new FilePattern(List.copyOf(matchers));
    }

    boolean matches(String path) {
        Path file = Path.of(path);
        return matchers.stream().anyMatch(m -> m.matches(file));
    }

    /** Every way of keeping or dropping each {@code **}{@code /}; patterns hold a handful at most. */
    private static List<String> variants(String glob) {
        int at = glob.indexOf(ANY_DIRECTORIES);
        if (at < 0) {
            return List.of(glob);
        }
        String head = glob.substring(0, at);
        List<String> variants = new ArrayList<>();
        for (String tail : variants(glob.substring(at + ANY_DIRECTORIES.length()))) {
            variants.add(head + ANY_DIRECTORIES + tail);
            variants.add(head + tail);
        }
        return variants;
    }
}
