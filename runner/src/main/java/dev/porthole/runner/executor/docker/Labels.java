package dev.porthole.runner.executor.docker;

/** The labels on what the docker executor creates, so that it finds its own leftovers and nothing else. */
final class Labels {
    static final String MANAGED = "dev.porthole.managed";
    static final String RUNNER = "dev.porthole.runner";
    static final String JOB = "dev.porthole.job.id";
    /** On volumes that outlive their job (caches): leftovers cleanup keeps them. */
    static final String CACHE = "dev.porthole.cache";

    private Labels() {}
}
