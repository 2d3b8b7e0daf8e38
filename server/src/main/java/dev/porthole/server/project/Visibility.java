package dev.porthole.server.project;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who can see a project without being a member, as GitLab defines it. */
public enum Visibility {
    /** Members only. */
    PRIVATE,
    /** Every signed-in user. */
    INTERNAL,
    /** Everyone, signed in or not. */
    PUBLIC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Visibility> fromWireName(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName().equals(name)).findFirst();
    }
}
