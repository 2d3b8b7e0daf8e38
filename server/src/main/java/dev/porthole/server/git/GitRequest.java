package dev.porthole.server.git;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request for a project's repository: {@code /<namespace>/<project>.git/<git path>}.
 *
 * @param push whether the request belongs to a push (receive-pack) rather than a clone or fetch
 */
record GitRequest(String namespace, String project, String gitPath, boolean push) {
    private static final Pattern PATH = Pattern.compile("^/([^/]+)/([^/]+)\\.git(/.*)?$");

    static Optional<GitRequest> parse(String path, String query) {
        var matcher = PATH.matcher(path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String gitPath = matcher.group(3) == null ? "/" : matcher.group(3);
        boolean push = gitPath.endsWith("/git-receive-pack")
                || (gitPath.equals("/info/refs") && query != null && query.contains("service=git-receive-pack"));
        return Optional.of(new GitRequest(matcher.group(1), matcher.group(2), gitPath, push));
    }

    static boolean matches(String path) {
        return PATH.matcher(path).matches();
    }
}
