package dev.porthole.runner.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;

/** Connections to a Docker engine through docker-java. */
public final class DockerEngine {
    private DockerEngine() {}

    /**
     * A client for the engine at {@code host}, or for {@code DOCKER_HOST} (the local socket when unset) when null.
     * Nothing is sent until it is used.
     */
    public static DockerClient connect(String host) {
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (host != null) {
            builder.withDockerHost(host);
        }
        DockerClientConfig config = builder.build();
        // No response timeout: exec streams and pulls last as long as their step.
        var http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(10))
                .maxConnections(64)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Where a client connects, for messages. */
    public static String describe(String host) {
        if (host != null) {
            return host;
        }
        String env = System.getenv("DOCKER_HOST");
        return env != null && !env.isBlank() ? env : "unix:///var/run/docker.sock";
    }
}
