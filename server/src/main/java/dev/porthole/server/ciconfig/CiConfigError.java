package dev.porthole.server.ciconfig;

/**
 * One problem in a CI configuration.
 *
 * @param location GitLab's way of naming a place: {@code jobs:build:script}, {@code stages}, {@code root}
 * @param line 1-based line in the file, or 0 when the problem has no single place
 */
public record CiConfigError(String location, int line, String message) {

    /** The message as shown to users, with its place. */
    public String describe() {
        return line > 0 ? location + ": " + message + " (line " + line + ")" : location + ": " + message;
    }
}
