package dev.porthole.protocol.runnerapi;

/** The body of {@code POST /api/v4/runners/verify} and {@code DELETE /api/v4/runners}. */
public record RunnerTokenRequest(String token, String systemId, RunnerInfo info) {}
