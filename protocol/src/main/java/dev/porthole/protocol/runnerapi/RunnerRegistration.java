package dev.porthole.protocol.runnerapi;

/**
 * A runner's identity as the server answers registration and verification.
 *
 * @param tokenExpiresAt ISO-8601 time, or null when the token does not expire
 */
public record RunnerRegistration(long id, String token, String tokenExpiresAt) {}
