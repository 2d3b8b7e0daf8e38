package dev.porthole.runner.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code [runners.docker]} table, checked and converted to the units the Docker API takes. Absent values are
 * null (strings, numbers) or empty (lists).
 *
 * @param host the engine to use ({@code unix:///var/run/docker.sock}, {@code tcp://...}); null: {@code DOCKER_HOST}
 *     or the local socket
 * @param image the image of jobs that name none
 * @param pullPolicy the policies tried in order until one gives the image: {@code never}, {@code if-not-present},
 *     {@code always}
 * @param volumes {@code /path} (a volume) or {@code /host:/container[:ro|rw]} (a bind mount)
 * @param nanoCpus {@code cpus} in billionths of a CPU, null for no limit
 * @param memoryBytes {@code memory}, null for no limit
 * @param shmSizeBytes {@code shm_size}, null for the engine's default
 * @param extraHosts {@code host:address} entries for the containers' {@code /etc/hosts}
 * @param disableCache when true, {@code /path} volumes live only as long as their job
 * @param waitForServicesTimeout how long services get to listen on their ports; zero or negative: no wait
 */
public record DockerSettings(
        String host,
        String image,
        List<String> pullPolicy,
        List<String> volumes,
        boolean privileged,
        String networkMode,
        String user,
        Long nanoCpus,
        Long memoryBytes,
        Long shmSizeBytes,
        List<String> extraHosts,
        boolean disableCache,
        Duration waitForServicesTimeout) {

    /** gitlab-runner's default: pull every time. */
    public static final List<String> DEFAULT_PULL_POLICY = List.of("always");

    public static final Duration DEFAULT_WAIT_FOR_SERVICES = Duration.ofSeconds(30);

    /** A runner without a {@code [runners.docker]} table. */
    public static final DockerSettings NONE = new DockerSettings(
            null,
            null,
            DEFAULT_PULL_POLICY,
            List.of(),
            false,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            false,
            DEFAULT_WAIT_FOR_SERVICES);

    public DockerSettings {
        pullPolicy = List.copyOf(pullPolicy);
        volumes = List.copyOf(volumes);
        extraHosts = List.copyOf(extraHosts);
    }
}
