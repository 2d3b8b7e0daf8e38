package dev.porthole.bench;

import dev.porthole.e2e.Api;
import dev.porthole.e2e.GitWorkTree;
import dev.porthole.e2e.RunnerProcess;
import dev.porthole.e2e.ServerProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Job pickup latency: from the moment a pipeline is created through the API until the job's script starts on an
 * idle runner (the script prints the time it starts; same machine, same clock). Everything on the way counts:
 * the long poll waking, the payload, the runner confirming, git fetching the commit, bash starting. Each job's
 * time is also split at the pipeline's creation and the job's confirmation, as the server recorded them.
 */
final class PickupLatency {
    private static final Pattern STARTED = Pattern.compile("started at (\\d+)");
    private static final int WARMUP_JOBS = 2;

    private PickupLatency() {}

    /** The whole pickup, and its three parts. */
    record Result(Stats total, Stats toCreated, Stats toConfirmed, Stats toScript) {}

    /**
     * @param longPolling false for the baseline: the server answers job requests at once and the runner asks every
     *     {@code check_interval} (gitlab-runner's default, 3 s)
     */
    static Result measure(String name, boolean longPolling, int jobs) throws Exception {
        return measure(name, longPolling, jobs, null);
    }

    /** @param dockerImage the docker executor with this local image; null for the shell executor */
    static Result measure(String name, boolean longPolling, int jobs, String dockerImage) throws Exception {
        try (var server = new ServerProcess(name, Files.createTempDirectory("porthole-bench-" + name))) {
            if (!longPolling) {
                server.with("porthole.runner-api.long-poll-timeout", "0s");
            }
            server.start();
            Api api = server.rootApi();
            JsonNode project = api.createProject("pickup");
            long projectId = project.get("id").asLong();
            var tree = GitWorkTree.init(
                    server.url(), project.get("path_with_namespace").asString(), "root", ServerProcess.ROOT_TOKEN);
            // Bash's own clock (microseconds) rather than date: no process to start, and images need no date.
            tree.write(".gitlab-ci.yml", "job:\n  script:\n    - echo \"started at ${EPOCHREALTIME/./}000\"\n")
                    .commit("pickup");
            tree.push();
            long first = api.awaitNewPipeline(projectId, 0, Duration.ofSeconds(30));
            api.post("/projects/" + projectId + "/pipelines/" + first + "/cancel", null);

            String token = api.createRunner(name, List.of());
            try (RunnerProcess runner = (dockerImage == null
                            ? RunnerProcess.register(name, server.url(), token, 1)
                            : RunnerProcess.registerDocker(name, server.url(), token, 1, dockerImage, "never"))
                    .start()) {
                List<Double> total = new ArrayList<>();
                List<Double> toCreated = new ArrayList<>();
                List<Double> toConfirmed = new ArrayList<>();
                List<Double> toScript = new ArrayList<>();
                for (int i = 0; i < jobs + WARMUP_JOBS; i++) {
                    long before = epochNanos();
                    long pipeline = api.post("/projects/" + projectId + "/pipeline?ref=main", null)
                            .get("id")
                            .asLong();
                    JsonNode finished = api.awaitPipeline(projectId, pipeline, Duration.ofMinutes(1));
                    JsonNode job = api.jobs(projectId, pipeline).get(0);
                    Matcher started =
                            STARTED.matcher(api.trace(projectId, job.get("id").asLong()));
                    if (!started.find()) {
                        throw new IllegalStateException("job " + job.get("id") + " printed no start time");
                    }
                    if (i < WARMUP_JOBS) {
                        continue;
                    }
                    long script = Long.parseLong(started.group(1));
                    long created = nanos(finished.get("created_at").asString());
                    long confirmed = nanos(job.get("started_at").asString());
                    total.add(millis(script - before));
                    toCreated.add(millis(created - before));
                    toConfirmed.add(millis(confirmed - created));
                    toScript.add(millis(script - confirmed));
                }
                return new Result(Stats.of(total), Stats.of(toCreated), Stats.of(toConfirmed), Stats.of(toScript));
            }
        }
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static long nanos(String instant) {
        var at = Instant.parse(instant);
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** Wall-clock nanoseconds since the epoch, comparable with {@code date +%s%N}. */
    static long epochNanos() {
        var now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
