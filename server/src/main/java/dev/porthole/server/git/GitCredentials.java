package dev.porthole.server.git;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The username and secret a git client sends with HTTP basic authentication. */
record GitCredentials(String username, String secret) {
    /** The user name under which a job's token clones, as in GitLab. */
    static final String JOB_TOKEN_USER = "gitlab-ci-token";

    static Optional<GitCredentials> fromAuthorizationHeader(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new GitCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    boolean jobToken() {
        return JOB_TOKEN_USER.equals(username);
    }
}
