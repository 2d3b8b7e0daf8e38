package dev.porthole.server.ciconfig;

/**
 * A variable written in the configuration.
 *
 * @param raw true when {@code expand: false}: the value's {@code $VAR} references stay as written
 */
public record VariableDefinition(String key, String value, boolean raw) {}
