package dev.porthole.server.project;

import java.util.Arrays;
import java.util.Optional;

/** GitLab's project roles, with their numeric values as the API carries them. */
public enum AccessLevel {
    NONE(0),
    GUEST(10),
    REPORTER(20),
    DEVELOPER(30),
    MAINTAINER(40),
    OWNER(50);

    private final int value;

    AccessLevel(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public boolean atLeast(AccessLevel other) {
        return value >= other.value;
    }

    public static Optional<AccessLevel> fromValue(int value) {
        return Arrays.stream(values()).filter(l -> l.value == value).findFirst();
    }
}
