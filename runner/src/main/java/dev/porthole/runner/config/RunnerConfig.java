package dev.porthole.runner.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration.
 *
 * @param concurrent jobs this process runs at once, across all runner entries
 * @param checkInterval the least time between two job requests of one entry when the server answers at once
 * @param shutdownTimeout how long running jobs may go on after a stop signal before they are failed
 * @param sessionServer present only when {@code [session_server]} is configured: terminals are off otherwise
 */
public record RunnerConfig(
        int concurrent,
        Duration checkInterval,
        String logLevel,
        Duration shutdownTimeout,
        Optional<SessionServerConfig> sessionServer,
        List<RunnerEntry> runners) {

    public static final int DEFAULT_CONCURRENT = 1;
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(3);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public RunnerConfig {
        runners = List.copyOf(runners);
    }
}
