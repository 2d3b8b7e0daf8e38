package dev.porthole.server.account;

import java.util.Arrays;
import java.util.Optional;

/** Scopes of a personal access token, with GitLab's names. */
public enum TokenScope {
    /** Read and write through the API, and git over HTTP. */
    API("api"),
    /** Read through the API. */
    READ_API("read_api"),
    /** Clone and pull over git. */
    READ_REPOSITORY("read_repository"),
    /** Push over git. */
    WRITE_REPOSITORY("write_repository");

    private final String wireName;

    TokenScope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<TokenScope> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
