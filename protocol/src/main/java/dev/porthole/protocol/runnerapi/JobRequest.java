package dev.porthole.protocol.runnerapi;

/** {@code POST /api/v4/jobs/request}: a runner asks for a job, holding the request open until one exists. */
public record JobRequest(RunnerInfo info, String token, String systemId, String lastUpdate, SessionInfo session) {}
