package dev.porthole.bench;

import dev.porthole.e2e.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runner API throughput with no work: {@code POST /api/v4/jobs/request} answered 204 at once (long polling off), as
 * many runners asking at the same time would cause; beside {@code GET /-/health} on the same server, the floor the
 * web stack itself sets.
 */
final class RequestThroughput {
    private static final Duration WARMUP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(10);
    private static final int CLIENTS = 16;

    private RequestThroughput() {}

    /** Answers per second for the runner API and for the health check. */
    record Result(double jobRequestsPerSecond, double healthPerSecond) {}

    static Result measure() throws Exception {
        try (var server = new ServerProcess("throughput", Files.createTempDirectory("porthole-bench-throughput"))
                .with("porthole.runner-api.long-poll-timeout", "0s")
                .with("logging.level.root", "WARN")) {
            server.start();
            String token = server.rootApi().createRunner("throughput", List.of());
            String body = "{\"token\":\"" + token + "\",\"info\":{\"name\":\"bench\",\"version\":\"1\"}}";
            HttpRequest jobRequest = HttpRequest.newBuilder(URI.create(server.url() + "/api/v4/jobs/request"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(server.url() + "/-/health"))
                    .build();
            run(jobRequest, 204, WARMUP);
            double jobs = run(jobRequest, 204, MEASURE);
            run(health, 200, WARMUP);
            double healthRate = run(health, 200, MEASURE);
            return new Result(jobs, healthRate);
        }
    }

    private static double run(HttpRequest request, int expected, Duration duration) throws Exception {
        var client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var answered = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
            for (int i = 0; i < CLIENTS; i++) {
                clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        var response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != expected) {
                            throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
                        }
                        answered.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        return answered.get() / (double) duration.toSeconds();
    }
}
