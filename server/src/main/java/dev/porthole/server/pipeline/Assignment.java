package dev.porthole.server.pipeline;

/** A job just handed to a runner, with its job token, which exists in clear only here. */
public record Assignment(Job job, String token) {}
