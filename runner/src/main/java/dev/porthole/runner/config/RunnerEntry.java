package dev.porthole.runner.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code [[runners]]} entry: a registration with a server, and how its jobs run.
 *
 * @param buildsDir where jobs' sources are checked out; {@code builds} under the working directory when not set
 * @param cacheDir where jobs' caches are kept; {@code cache} under the working directory when not set
 * @param environment {@code KEY=value} strings added to every job
 * @param limit jobs this entry runs at once; 0 for no limit of its own
 * @param outputLimitBytes the most bytes of log a job may write ({@code output_limit} is in kilobytes)
 * @param docker the {@code [runners.docker]} table, for the docker executor ({@link DockerSettings#NONE} without one)
 */
public record RunnerEntry(
        String name,
        String url,
        String token,
        long id,
        String executor,
        String shell,
        Path buildsDir,
        Path cacheDir,
        List<String> environment,
        int limit,
        long outputLimitBytes,
        DockerSettings docker) {

    public static final long DEFAULT_OUTPUT_LIMIT_BYTES = 4096L * 1024;

    public RunnerEntry {
        environment = List.copyOf(environment);
    }

    /** The token's first characters, for logs: enough to tell runners apart, too few to use. */
    public String shortToken() {
        String withoutPrefix = token.startsWith("glrt-") ? token.substring(5) : token;
        return withoutPrefix.substring(0, Math.min(8, withoutPrefix.length()));
    }
}
