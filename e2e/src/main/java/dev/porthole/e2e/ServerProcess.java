package dev.porthole.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Porthole server as its own process, on a free port, with its own data folder and a known root token. */
public final class ServerProcess implements AutoCloseable {
    public static final String ROOT_TOKEN = "glpat-e2e-root-token-0123456789";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final String name;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Path log;
    private Process process;

    public ServerProcess(String name, Path dataDir) {
        this.name = name;
        this.dataDir = dataDir;
        this.port = Processes.freePort();
        this.log = Processes.outputDir().resolve(name + "-server.log");
    }

    /** A Spring Boot property for the next start. */
    public ServerProcess with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public Api rootApi() {
        return new Api(url(), ROOT_TOKEN);
    }

    public ServerProcess start() {
        List<String> command = new ArrayList<>(List.of(
                Processes.java(), "-Xmx512m", "-jar", Processes.serverJar().toString()));
        command.add("--server.port=" + port);
        command.add("--porthole.data-dir=" + dataDir);
        command.add("--porthole.external-url=" + url());
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("PORTHOLE_ROOT_TOKEN", ROOT_TOKEN);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the server", e);
        }
        var http = HttpClient.newHttpClient();
        await("server " + name + " ready (log: " + log + ")")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(
                                "the server exited with " + process.exitValue() + ":\n" + Processes.tail(log, 40));
                    }
                    try {
                        var response = http.send(
                                HttpRequest.newBuilder(URI.create(url() + "/-/readiness"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        return response.statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return this;
    }

    /** SIGTERM, and waits for the process to end. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The running server's process id (for benchmarks that read its memory). */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        stop();
    }

    static Path createDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
