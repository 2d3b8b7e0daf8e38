package dev.porthole.server.ciconfig;

/**
 * A job another job waits for ({@code needs}).
 *
 * @param optional the need is dropped when the job is not in the pipeline
 * @param artifacts the needing job downloads this job's artifacts
 */
public record Need(String job, boolean optional, boolean artifacts) {}
