package dev.porthole.runner.artifacts;

import dev.porthole.runner.artifacts.ArtifactPattern.UnusablePatternException;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The files of a project directory that artifact patterns select, minus the excluded ones, sorted by their path.
 *
 * <p>Nothing is followed: walks do not enter symbolic links to directories, and a pattern whose literal part goes
 * through a symbolic link matches nothing. A symbolic link to a regular file inside the project directory is stored
 * as that file's contents, since a zip written by java.util.zip cannot mark an entry as a link; links leaving the
 * directory are left out, so that an artifact never carries a file of the machine the job ran on.
 */
final class ArtifactSelection {
    private final Path projectDir;
    private final Path root;
    private final Consumer<String> log;
    private final List<ArtifactPattern> excludes = new ArrayList<>();
    // Per exclude pattern, the files it removed, counted once each however many patterns offered them.
    private final Map<ArtifactPattern, Set<String>> excluded = new LinkedHashMap<>();
    private final SortedMap<String, Path> files = new TreeMap<>();
    private final Set<String> reported = new HashSet<>();

    /**
     * @param projectDir the project directory as the job knows it, for absolute patterns and log lines
     * @throws IOException when the project directory does not exist
     */
    ArtifactSelection(Path projectDir, List<String> exclude, Consumer<String> log) throws IOException {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        // Walked through its real path: a walk that follows no links would not enter a project directory that is one.
        this.root = projectDir.toRealPath();
        this.log = log;
        for (String pattern : exclude) {
            try {
                ArtifactPattern parsed = parse(pattern);
                excludes.add(parsed);
                excluded.put(parsed, new HashSet<>());
            } catch (UnusablePatternException e) {
                log.accept("WARNING: " + pattern + ": " + e.getMessage() + ", exclusion skipped");
            }
        }
    }

    /** The selected files by their path relative to the project directory, with {@code /} separators. */
    SortedMap<String, Path> files() {
        return Collections.unmodifiableSortedMap(files);
    }

    /** The project directory with links resolved, which paths are relative to. */
    Path root() {
        return root;
    }

    void addPattern(String pattern) throws IOException {
        ArtifactPattern parsed;
        try {
            parsed = parse(pattern);
        } catch (UnusablePatternException e) {
            log.accept("WARNING: " + pattern + ": " + e.getMessage() + ", skipped");
            return;
        }
        Set<String> found = new TreeSet<>();
        List<String> prefix = parsed.literalPrefix();
        // A literal path may itself be a link (the link rules decide); its parents may not, nor a glob's start.
        String link =
                linkOnTheWay(parsed.isLiteral() && !prefix.isEmpty() ? prefix.subList(0, prefix.size() - 1) : prefix);
        Path base = root.resolve(String.join("/", prefix));
        if (link != null) {
            log.accept("WARNING: " + pattern + ": " + link + " is a symbolic link, not followed");
        } else if (parsed.isLiteral()) {
            walk(base, Integer.MAX_VALUE, (path, attrs) -> offer(path, attrs, found));
        } else if (Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            walk(base, parsed.depthBelowPrefix(), (path, attrs) -> {
                if (path.equals(base) || !parsed.matches(relative(path))) {
                    return FileVisitResult.CONTINUE;
                }
                if (!attrs.isDirectory()) {
                    return offer(path, attrs, found);
                }
                // Everything under a matching directory is selected, so this walk need not go there too.
                walk(path, Integer.MAX_VALUE, (inner, innerAttrs) -> offer(inner, innerAttrs, found));
                return FileVisitResult.SKIP_SUBTREE;
            });
        }
        if (found.isEmpty()) {
            log.accept("WARNING: " + pattern
                    + ": no matching files. Ensure that the artifact path is relative to the working directory ("
                    + projectDir + ")");
        } else {
            log.accept(pattern + ": found " + found.size() + " matching artifact files and directories");
        }
    }

    /** Adds files git listed, relative to the project directory. */
    void addUntracked(List<String> listed) throws IOException {
        Set<String> found = new TreeSet<>();
        for (String relative : listed) {
            List<String> names = List.of(relative.split("/"));
            if (relative.startsWith("/")
                    || names.contains("..")
                    || linkOnTheWay(names.subList(0, names.size() - 1)) != null) {
                continue;
            }
            Path path = root.resolve(relative);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (!attrs.isDirectory()) {
                offer(path, attrs, found);
            }
        }
        log.accept(found.isEmpty() ? "WARNING: untracked: no files" : "untracked: found " + found.size() + " files");
    }

    /** Logs how many files each exclude pattern removed, as GitLab's runner does after selecting. */
    void logExclusions() {
        excluded.forEach((pattern, removed) -> {
            if (!removed.isEmpty()) {
                log.accept(pattern.original() + ": excluded " + removed.size() + " files");
            }
        });
    }

    private ArtifactPattern parse(String pattern) throws UnusablePatternException {
        try {
            return ArtifactPattern.parse(pattern, projectDir);
        } catch (UnusablePatternException e) {
            // An absolute pattern may name the directory by its real path rather than by the one the job was given.
            if (!root.equals(projectDir) && pattern.startsWith("/")) {
                try {
                    return ArtifactPattern.parse(pattern, root);
                } catch (UnusablePatternException ignored) {
                    // the first reason is the one to report
                }
            }
            throw e;
        }
    }

    private FileVisitResult offer(Path path, BasicFileAttributes attrs, Set<String> found) {
        String relative = relative(path);
        if (relative.isEmpty() || isExcluded(relative, attrs.isDirectory())) {
            return FileVisitResult.CONTINUE;
        }
        if (attrs.isDirectory()) {
            found.add(relative + "/");
        } else if (attrs.isRegularFile() || (attrs.isSymbolicLink() && linkToFileInside(path, relative))) {
            files.put(relative, path);
            found.add(relative);
        } else if (!attrs.isSymbolicLink()) {
            report(relative, "not a regular file, skipped");
        }
        return FileVisitResult.CONTINUE;
    }

    private boolean isExcluded(String relative, boolean directory) {
        for (ArtifactPattern pattern : excludes) {
            // Excluding a directory excludes what is under it, as a directory in artifacts:paths includes it.
            boolean match = pattern.matches(relative);
            for (int slash = relative.indexOf('/'); !match && slash > 0; slash = relative.indexOf('/', slash + 1)) {
                match = pattern.matches(relative.substring(0, slash));
            }
            if (match) {
                if (!directory) {
                    excluded.get(pattern).add(relative);
                }
                return true;
            }
        }
        return false;
    }

    private boolean linkToFileInside(Path link, String relative) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            report(relative, "symbolic link to a file that does not exist, skipped");
            return false;
        }
        if (!target.startsWith(root)) {
            report(relative, "symbolic link to " + target + ", outside the project directory, skipped");
            return false;
        }
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            report(relative, "symbolic link to a directory, not followed");
            return false;
        }
        return true;
    }

    /** The first of these names, taken as a path from the project directory, that is a symbolic link; or null. */
    private String linkOnTheWay(List<String> names) {
        Path path = root;
        for (String name : names) {
            path = path.resolve(name);
            if (Files.isSymbolicLink(path)) {
                return relative(path);
            }
        }
        return null;
    }

    private void report(String relative, String reason) {
        if (reported.add(relative)) {
            log.accept("WARNING: " + relative + ": " + reason);
        }
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private interface Visit {
        FileVisitResult visit(Path path, BasicFileAttributes attrs) throws IOException;
    }

    private void walk(Path start, int maxDepth, Visit visit) throws IOException {
        FileVisitor<Path> visitor = new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                return visit.visit(dir, attrs);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                return visit.visit(file, attrs);
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // A missing start is a pattern that matches nothing; an unreadable directory costs only its files.
                if (!(e instanceof NoSuchFileException && file.equals(start))) {
                    report(relative(file), "cannot be read (" + e + "), skipped");
                }
                return FileVisitResult.CONTINUE;
            }
        };
        Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), maxDepth, visitor);
    }
}
