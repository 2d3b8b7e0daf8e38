package dev.porthole.runner.executor.docker;

import java.time.Duration;
import java.util.List;

/**
 * The runner's {@code [runners.docker]} settings, for every container of its jobs.
 *
 * @param host the engine's address; null for {@code DOCKER_HOST} or the local socket
 * @param user the default user of the job's container; a job's image user wins
 * @param nanoCpus null for no limit
 * @param memoryBytes null for no limit
 * @param shmSizeBytes null for the engine's default
 * @param disableCache when true, {@code /path} volumes are removed with their job
 */
public record ContainerOptions(
        String host,
        List<String> volumes,
        boolean privileged,
        String networkMode,
        String user,
        Long nanoCpus,
        Long memoryBytes,
        Long shmSizeBytes,
        List<String> extraHosts,
        boolean disableCache,
        Duration waitForServices) {
    public ContainerOptions {
        volumes = List.copyOf(volumes);
        extraHosts = List.copyOf(extraHosts);
    }
}
