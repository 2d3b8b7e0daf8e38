package dev.porthole.server.web.projects;

import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.ProjectRole;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Project roles as the pages name and offer them. */
public final class Roles {
    private Roles() {}

    public static String label(AccessLevel level) {
        String name = level.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The roles this actor may give: up to Maintainer, and Owner for owners. */
    public static List<AccessLevel> grantable(ProjectRole actor) {
        return Arrays.stream(AccessLevel.values())
                .filter(l -> l != AccessLevel.NONE)
                .filter(l -> l != AccessLevel.OWNER || actor.level().atLeast(AccessLevel.OWNER))
                .toList();
    }

    /** A role from its form value: the name ({@code developer}) or GitLab's number ({@code 30}). */
    static Optional<AccessLevel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        Optional<AccessLevel> level = v.chars().allMatch(Character::isDigit) && !v.isEmpty() && v.length() < 4
                ? AccessLevel.fromValue(Integer.parseInt(v))
                : Arrays.stream(AccessLevel.values())
                        .filter(l -> l.name().equalsIgnoreCase(v))
                        .findFirst();
        return level.filter(l -> l != AccessLevel.NONE);
    }
}
