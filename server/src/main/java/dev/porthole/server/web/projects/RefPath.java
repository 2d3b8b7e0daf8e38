package dev.porthole.server.web.projects;

import dev.porthole.server.repository.RepositoryStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code <ref>/<path>} tail of a {@code /-/tree/} or {@code /-/blob/} URL. A branch name may hold slashes
 * ({@code feature/login}), so, as GitLab does, the longest leading part that names a branch, a tag or a commit is
 * the ref, and the rest is the path.
 *
 * @param sha the commit the ref names now
 */
public record RefPath(String ref, String sha, String path) {
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");

    static Optional<RefPath> resolve(RepositoryStorage repositories, long projectId, String tail) {
        String rest = strip(tail);
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = rest.split("/");
        for (int n = parts.length; n >= 1; n--) {
            String ref = String.join("/", Arrays.copyOfRange(parts, 0, n));
            Optional<String> sha = commitOf(repositories, projectId, ref);
            if (sha.isPresent()) {
                String path = String.join("/", Arrays.copyOfRange(parts, n, parts.length));
                return Optional.of(new RefPath(ref, sha.get(), path));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> commitOf(RepositoryStorage repositories, long projectId, String ref) {
        Optional<String> sha = repositories.resolve(projectId, "refs/heads/" + ref);
        if (sha.isEmpty()) {
            sha = repositories.resolve(projectId, "refs/tags/" + ref);
        }
        if (sha.isEmpty() && SHA.matcher(ref).matches()) {
            sha = repositories.resolve(projectId, ref);
        }
        return sha;
    }

    private static String strip(String tail) {
        String s = tail == null ? "" : tail;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** The folders above this path with their own paths, for breadcrumbs: {@code a}, {@code a/b}. */
    public List<Crumb> crumbs() {
        List<Crumb> crumbs = new ArrayList<>();
        if (path.isEmpty()) {
            return crumbs;
        }
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length; i++) {
            crumbs.add(
                    new Crumb(parts[i], String.join("/", Arrays.copyOfRange(parts, 0, i + 1)), i == parts.length - 1));
        }
        return crumbs;
    }

    /** One folder of a path: its name, its path from the root, and whether it is the last one. */
    public record Crumb(String name, String path, boolean last) {}
}
