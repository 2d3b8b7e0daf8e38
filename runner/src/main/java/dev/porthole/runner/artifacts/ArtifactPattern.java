package dev.porthole.runner.artifacts;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code artifacts:paths} or {@code artifacts:exclude} entry, made relative to the project directory.
 *
 * <p>GitLab matches with doublestar, where a {@code **} segment matches any number of directories, none included.
 * Java's glob {@code **} instead needs at least the separators written around it, so each {@code **} segment is
 * matched both present and absent: {@code build/**}{@code /*.jar} becomes {@code build/**}{@code /*.jar} or
 * {@code build/*.jar}.
 *
 * @param original the pattern as the job wrote it, for log lines
 * @param segments the normalized pattern's names, relative to the project directory; empty for the directory itself
 * @param matchers one per way of reading the {@code **} segments; a path matching any of them matches
 */
record ArtifactPattern(String original, List<String> segments, List<PathMatcher> matchers) {
    private static final String GLOB_CHARACTERS = "*?[{\\";

    /** Thrown with the reason a pattern is skipped, to be logged. */
    static final class UnusablePatternException extends Exception {
        private static final long serialVersionUID = 1L;

        UnusablePatternException(String message) {
            super(message);
        }
    }

    /**
     * Normalizes a pattern against the project directory.
     *
     * @throws UnusablePatternException when the pattern leaves the directory or is not a valid glob
     */
    static ArtifactPattern parse(String pattern, Path projectDir) throws UnusablePatternException {
        // Normalized by hand rather than with Path, whose parsing rejects glob characters on some systems.
        List<String> names = pattern.startsWith("/")
                ? insideProject(normalize(pattern, true), projectDir)
                : normalize(pattern, false);
        if (names == null) {
            throw new UnusablePatternException("artifact path is not a subpath of project directory " + projectDir);
        }
        List<String> segments =
                names.stream().map(ArtifactPattern::doublestarSegment).toList();
        List<PathMatcher> matchers = new ArrayList<>();
        try {
            for (String variant : variants(segments)) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
            }
        } catch (PatternSyntaxException e) {
            throw new UnusablePatternException("not a valid pattern: " + e.getDescription());
        }
        return new ArtifactPattern(pattern, segments, List.copyOf(matchers));
    }

    /** True for a path relative to the project directory, with {@code /} separators, that this pattern names. */
    boolean matches(String relative) {
        Path path = Path.of(relative);
        return matchers.stream().anyMatch(m -> m.matches(path));
    }

    /** The leading names without glob characters: where a walk for the matches has to start. */
    List<String> literalPrefix() {
        int i = 0;
        while (i < segments.size() && !isGlob(segments.get(i))) {
            i++;
        }
        return segments.subList(0, i);
    }

    boolean isLiteral() {
        return literalPrefix().size() == segments.size();
    }

    /** How deep below the literal prefix a match can lie. */
    int depthBelowPrefix() {
        return segments.contains("**")
                ? Integer.MAX_VALUE
                : segments.size() - literalPrefix().size();
    }

    private static boolean isGlob(String segment) {
        return segment.chars().anyMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0);
    }

    // Doublestar reads "**" inside a name (foo**) as a single "*"; Java's glob would let it cross directories.
    private static String doublestarSegment(String segment) {
        if (segment.equals("**")) {
            return segment;
        }
        String single = segment;
        while (single.contains("**")) {
            single = single.replace("**", "*");
        }
        return single;
    }

    /** Resolves "." and ".." lexically; null when ".." climbs above the start of a relative pattern. */
    private static List<String> normalize(String pattern, boolean absolute) {
        Deque<String> names = new ArrayDeque<>();
        for (String name : pattern.split("/+")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (names.isEmpty()) {
                    if (!absolute) {
                        return null;
                    }
                } else {
                    names.removeLast();
                }
                continue;
            }
            // A run of "**" segments means no more than one does.
            if (name.equals("**") && "**".equals(names.peekLast())) {
                continue;
            }
            names.addLast(name);
        }
        return List.copyOf(names);
    }

    /** Strips the project directory from an absolute pattern's names; null when the pattern is outside it. */
    private static List<String> insideProject(List<String> absolute, Path projectDir) {
        List<String> project = new ArrayList<>();
        projectDir.forEach(name -> project.add(name.toString()));
        if (absolute.size() < project.size()
                || !absolute.subList(0, project.size()).equals(project)) {
            return null;
        }
        return List.copyOf(absolute.subList(project.size(), absolute.size()));
    }

    /** Each "**" segment before the last name, present and absent. */
    private static List<String> variants(List<String> segments) {
        List<List<String>> variants = new ArrayList<>();
        variants.add(new ArrayList<>());
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean optional = segment.equals("**") && i < segments.size() - 1;
            List<List<String>> next = new ArrayList<>();
            for (List<String> variant : variants) {
                if (optional) {
                    next.add(new ArrayList<>(variant));
                }
                List<String> with = new ArrayList<>(variant);
                with.add(segment);
                next.add(with);
            }
            variants = next;
        }
        return variants.stream().map(v -> String.join("/", v)).distinct().toList();
    }
}
