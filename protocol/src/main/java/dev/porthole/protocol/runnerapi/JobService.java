package dev.porthole.protocol.runnerapi;

import java.util.List;

/** A service container that runs beside a job's image. */
public record JobService(
        String name,
        String alias,
        List<String> command,
        List<String> entrypoint,
        ExecutorOptions executorOpts,
        List<JobImage.Port> ports,
        List<String> pullPolicy,
        List<Variable> variables) {

    /** A variable given only to this service. */
    public record Variable(String key, String value) {}
}
