package dev.porthole.runner.config;

import java.time.Duration;

/**
 * {@code [session_server]}: where the runner listens for terminal connections and what it tells the server.
 *
 * @param listenAddress {@code host:port} to listen on ({@code [::]:8093}, {@code 0.0.0.0:8093}); its host resolves
 *     on this machine; port 0 takes any free port
 * @param advertiseAddress {@code host:port} the server connects to; {@code listen_address} when not set
 * @param sessionTimeout how long a job waits for a connected terminal after its script
 */
public record SessionServerConfig(String listenAddress, String advertiseAddress, Duration sessionTimeout) {
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(1800);
}
