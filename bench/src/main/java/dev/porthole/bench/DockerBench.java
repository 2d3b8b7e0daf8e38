package dev.porthole.bench;

import dev.porthole.e2e.DockerHost;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The docker executor beside the shell executor, in one run: how long a job takes to start (pipeline created until
 * its first script line runs), and a terminal's keystroke echo and output throughput through the server — the
 * docker executor's terminal is a {@code docker exec} with a TTY in the job's container, the shell executor's a login
 * bash on a PTY of the runner's.
 */
final class DockerBench {
    private static final int START_JOBS = Integer.getInteger("porthole.bench.dockerJobs", 20);
    static final int ROUNDS = 5;
    static final int KEYSTROKES_PER_ROUND = 200;
    static final int WARMUP_KEYSTROKES = 300;
    private static final int THROUGHPUT_ROUNDS = 3;
    private static final long OUTPUT_BYTES = 64L << 20;
    /** Made by the job itself, so that it is in the container for the docker executor. */
    private static final String OUTPUT = "/tmp/porthole-bench-output-$CI_JOB_ID.txt";

    private DockerBench() {}

    record Result(
            PickupLatency.Result dockerStart,
            PickupLatency.Result shellStart,
            Stats dockerEcho,
            Stats shellEcho,
            double dockerRate,
            double shellRate,
            int startJobs,
            long outputBytes) {}

    static Result measure() throws Exception {
        DockerHost.ensureReady();
        System.out.println("Job start, docker executor (" + START_JOBS + " jobs, local image)...");
        var dockerStart = PickupLatency.measure("start-docker", true, START_JOBS, DockerHost.BASH_IMAGE);
        System.out.println("Job start, shell executor (" + START_JOBS + " jobs)...");
        var shellStart = PickupLatency.measure("start-shell", true, START_JOBS, null);
        System.out.printf(
                java.util.Locale.ROOT,
                "  start median/p99: docker %.1f/%.1f ms, shell %.1f/%.1f ms%n",
                dockerStart.total().median(),
                dockerStart.total().p99(),
                shellStart.total().median(),
                shellStart.total().p99());
        System.out.println("Terminal echo and throughput through docker exec and through the shell executor's PTY...");
        // Lines of 87 bytes as a build log has them, written by each job where its terminal's shell will read them
        // (yes ends by SIGPIPE, which pipefail would make the job's failure).
        String script = "(yes \"[00000001] Compiling module 1 of the project: 42 classes, 3 warnings, everything fine\""
                + " || true) | head -c " + OUTPUT_BYTES + " > " + OUTPUT + "; sleep 3600";
        try (var docker = TerminalBench.TerminalEnvironment.start("docker-terminal", 1, DockerHost.BASH_IMAGE, script);
                var shell = TerminalBench.TerminalEnvironment.start("shell-terminal", 1, null, script)) {
            docker.awaitSessions(1, Duration.ofMinutes(2));
            shell.awaitSessions(1, Duration.ofMinutes(2));
            HttpClient http = HttpClient.newHttpClient();
            try (var inDocker = docker.connectThroughServer(
                            http, docker.sessions().all().getFirst().jobId());
                    var inShell = shell.connectThroughServer(
                            http, shell.sessions().all().getFirst().jobId())) {
                List<BenchTerminal> all = List.of(inDocker, inShell);
                for (BenchTerminal terminal : all) {
                    terminal.type("PS1='$ '; stty cols 200 rows 50\r");
                    terminal.clock().awaitQuiet(Duration.ofMillis(300), Duration.ofSeconds(30));
                }
                List<List<Double>> echoes = List.of(new ArrayList<>(), new ArrayList<>());
                for (BenchTerminal terminal : all) {
                    TerminalBench.keystrokes(terminal, WARMUP_KEYSTROKES, new ArrayList<>());
                }
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < all.size(); i++) {
                        TerminalBench.keystrokes(all.get(i), KEYSTROKES_PER_ROUND, echoes.get(i));
                    }
                }
                List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
                for (BenchTerminal terminal : all) {
                    TerminalBench.throughput(terminal, OUTPUT); // warm-up
                }
                for (int round = 0; round < THROUGHPUT_ROUNDS; round++) {
                    for (int i = 0; i < all.size(); i++) {
                        rates.get(i).add(TerminalBench.throughput(all.get(i), OUTPUT));
                    }
                }
                // The shell executor's copy is on this machine's /tmp; the container's goes with the container.
                inShell.type("rm -f " + OUTPUT + "\r");
                inShell.clock().awaitQuiet(Duration.ofMillis(200), Duration.ofSeconds(10));
                return new Result(
                        dockerStart,
                        shellStart,
                        Stats.of(echoes.get(0)),
                        Stats.of(echoes.get(1)),
                        Stats.of(rates.get(0)).median(),
                        Stats.of(rates.get(1)).median(),
                        START_JOBS,
                        OUTPUT_BYTES);
            }
        }
    }
}
