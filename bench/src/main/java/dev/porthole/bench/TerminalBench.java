package dev.porthole.bench;

import dev.porthole.e2e.Api;
import dev.porthole.e2e.RunnerProcess;
import dev.porthole.e2e.ServerProcess;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One interactive terminal, three ways at once: through the server and the runner (what a browser gets), directly
 * to the runner's session server (TLS pinned to the session's certificate, its token), and a login bash on a PTY in
 * this process. Keystroke echo round trips and output throughput are measured in interleaved rounds, so that the
 * machine's background load falls on all three alike.
 */
final class TerminalBench {
    private static final int ROUNDS = 5;
    private static final int KEYSTROKES_PER_ROUND = 200;
    private static final int WARMUP_KEYSTROKES = 300;
    /** Ctrl-U (kill the line) after this many keystrokes, so that the line never wraps. */
    private static final int LINE = 40;

    /**
     * Rounds of {@code cat} on every path before the measured ones, at least and at most. A round through the server is
     * only a thousand 64 KiB frames (and fewer acknowledgements), so after one round the JVMs' optimising compilers
     * were still compiling the TLS and websocket paths through the measured rounds (a quarter of the machine's CPU in
     * a profile), and the result varied with when they finished.
     */
    static final int MIN_WARMUP_ROUNDS = 3;

    static final int MAX_WARMUP_ROUNDS = 12;
    /** Warm-up ends after a round in which the three JVMs together compiled for less than this share of it. */
    static final double SETTLED_COMPILE_SHARE = 0.05;

    static final int THROUGHPUT_ROUNDS = 5;
    private static final long OUTPUT_BYTES = 64L << 20;
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private TerminalBench() {}

    /**
     * Echo round trips and throughput (bytes per second, one value per round) of the three paths, and what the JVMs
     * compiled during the measured throughput rounds.
     */
    record Result(
            Stats viaServer,
            Stats direct,
            Stats raw,
            Stats viaServerRates,
            Stats directRates,
            Stats rawRates,
            CompileTime compiledDuringRounds,
            int warmUpRounds,
            long outputBytes) {
        double viaServerRate() {
            return viaServerRates.median();
        }

        double directRate() {
            return directRates.median();
        }

        double rawRate() {
            return rawRates.median();
        }
    }

    static Result measure() throws Exception {
        Path work = Files.createTempDirectory("porthole-bench-terminal");
        Path output = textFile(work.resolve("output.txt"), OUTPUT_BYTES);
        try (var env = TerminalEnvironment.start("terminal", 2)) {
            env.awaitSessions(2, Duration.ofMinutes(2));
            List<JobSessions.Session> sessions = env.sessions().all();
            HttpClient plain = HttpClient.newHttpClient();
            JobSessions.Session directSession = sessions.get(1);
            HttpClient pinned = HttpClient.newBuilder()
                    .sslContext(directSession.pinnedTls())
                    .build();
            try (var viaServer = env.connectThroughServer(plain, sessions.get(0).jobId());
                    var direct = SocketTerminal.connect(
                            pinned, directSession.execUrl() + "?cols=200&rows=50", directSession.headers());
                    var raw = new PtyTerminal(work)) {
                List<BenchTerminal> all = List.of(viaServer, direct, raw);
                for (BenchTerminal terminal : all) {
                    terminal.type("PS1='$ '; stty cols 200 rows 50\r");
                    terminal.clock().awaitQuiet(Duration.ofMillis(300), Duration.ofSeconds(30));
                }
                List<List<Double>> echoes = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                for (BenchTerminal terminal : all) {
                    keystrokes(terminal, WARMUP_KEYSTROKES, new ArrayList<>());
                }
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < all.size(); i++) {
                        keystrokes(all.get(i), KEYSTROKES_PER_ROUND, echoes.get(i));
                    }
                }
                List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                long server = env.server().pid();
                long runner = env.runner().pid();
                int warmups = warmUp(all, output, server, runner);
                CompileTime compiled = CompileTime.during(server, runner, () -> {
                    for (int round = 0; round < THROUGHPUT_ROUNDS; round++) {
                        for (int i = 0; i < all.size(); i++) {
                            rates.get(i).add(throughput(all.get(i), output));
                        }
                    }
                });
                return new Result(
                        Stats.of(echoes.get(0)),
                        Stats.of(echoes.get(1)),
                        Stats.of(echoes.get(2)),
                        Stats.of(rates.get(0)),
                        Stats.of(rates.get(1)),
                        Stats.of(rates.get(2)),
                        compiled,
                        warmups,
                        OUTPUT_BYTES);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Throughput rounds on every path until the JIT compilers have settled (see {@link #SETTLED_COMPILE_SHARE});
     * returns how many rounds that took.
     */
    private static int warmUp(List<BenchTerminal> all, Path output, long server, long runner) throws Exception {
        for (int round = 1; ; round++) {
            CompileTime compiled = CompileTime.during(server, runner, () -> {
                for (BenchTerminal terminal : all) {
                    throughput(terminal, output);
                }
            });
            boolean settled = compiled.totalMillis() < SETTLED_COMPILE_SHARE * compiled.workMillis();
            System.out.printf(
                    Locale.ROOT,
                    "  warm-up round %d: %d ms, of which the JIT compilers worked %d ms%n",
                    round,
                    compiled.workMillis(),
                    compiled.totalMillis());
            if (round >= MAX_WARMUP_ROUNDS || (round >= MIN_WARMUP_ROUNDS && settled)) {
                return round;
            }
        }
    }

    /** Types {@code count} letters one at a time into the shell, each after the echo of the one before. */
    static void keystrokes(BenchTerminal terminal, int count, List<Double> millis) throws Exception {
        OutputClock clock = terminal.clock();
        for (int i = 0; i < count; i++) {
            if (i % LINE == 0) {
                terminal.type(new byte[] {0x15});
                clock.awaitQuiet(Duration.ofMillis(20), PATIENCE);
            }
            clock.keystrokeSent();
            terminal.type(new byte[] {'a'});
            millis.add(clock.awaitRoundTrip(PATIENCE) / 1_000_000.0);
        }
        terminal.type(new byte[] {0x15});
        clock.awaitQuiet(Duration.ofMillis(20), PATIENCE);
    }

    /** {@code cat} of the file in the shell; returns the bytes per second that arrived. */
    private static double throughput(BenchTerminal terminal, Path file) throws Exception {
        return throughput(terminal, file.toString());
    }

    /** {@code cat} of a file in the shell (a path as the shell reads it); returns the bytes per second. */
    static double throughput(BenchTerminal terminal, String file) throws Exception {
        OutputClock clock = terminal.clock();
        clock.watchFor("DONE42");
        long before = clock.received();
        long start = System.nanoTime();
        terminal.type("cat " + file + "; echo DONE$((6*7))\r");
        long end = clock.awaitMarker(Duration.ofMinutes(5));
        long bytes = clock.received() - before;
        clock.awaitQuiet(Duration.ofMillis(100), PATIENCE);
        return bytes / ((end - start) / 1e9);
    }

    /** Lines of text as a build log has them, up to {@code size} bytes. */
    private static Path textFile(Path file, long size) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            long written = 0;
            for (long line = 0; written < size; line++) {
                String text = String.format(
                        Locale.ROOT,
                        "[%08d] Compiling module %d of the project: 42 classes, 3 warnings, everything fine%n",
                        line,
                        line % 997);
                out.write(text);
                written += text.length();
            }
        }
        return file;
    }

    /** A server and a runner with a session server, and a project whose jobs wait so that terminals can join. */
    static final class TerminalEnvironment implements AutoCloseable {
        private final ServerProcess server;
        private final RunnerProcess runner;
        private final JobSessions sessions;
        private final Api api;
        private final Api.PushedProject project;

        private TerminalEnvironment(
                ServerProcess server, RunnerProcess runner, JobSessions sessions, Api api, Api.PushedProject project) {
            this.server = server;
            this.runner = runner;
            this.sessions = sessions;
            this.api = api;
            this.project = project;
        }

        /**
         * The runner's JVM. A thousand jobs with a terminal each keep about 140 MiB live, which left the tests' 256 MiB
         * collecting most of the time. They also take five threads each (the script's output, the PTY's reader, and
         * the JDK's and pty4j's waits for the processes): G1 scans every thread's stack in each pause, 70 ms for 5,000
         * threads here, while ZGC scans them concurrently.
         */
        static final List<String> RUNNER_JVM = List.of("-Xmx1g", "-XX:+UseZGC");

        /** The server, a runner taking {@code jobs} jobs at once, and a pipeline of that many waiting jobs. */
        static TerminalEnvironment start(String name, int jobs) throws IOException {
            return start(name, jobs, null, "sleep 3600");
        }

        /**
         * @param dockerImage the docker executor with this (local) image; null for the shell executor
         * @param script what each job runs; it must keep the job running
         */
        static TerminalEnvironment start(String name, int jobs, String dockerImage, String script) throws IOException {
            Path data = Files.createTempDirectory("porthole-bench-" + name);
            var server = new ServerProcess(name, data)
                    .with("spring.datasource.url", JobSessions.url(data))
                    .with("porthole.runner-api.trace-update-interval", "30s")
                    .with("logging.level.root", "WARN")
                    .start();
            RunnerProcess runner = null;
            try {
                Api api = server.rootApi();
                api.ok(
                        "PUT",
                        "/application/settings",
                        Map.of("allow_local_requests_from_web_hooks_and_services", true));
                String token = api.createRunner(name + " runner", List.of());
                runner = dockerImage == null
                        ? RunnerProcess.register(name, server.url(), token, jobs)
                        : RunnerProcess.registerDocker(name, server.url(), token, jobs, dockerImage, "never");
                runner.withSessionServer(3600);
                runner.withJvmOptions(RUNNER_JVM.toArray(String[]::new)).start();
                StringBuilder yaml = new StringBuilder();
                for (int i = 0; i < jobs; i++) {
                    yaml.append(String.format(Locale.ROOT, "wait-%04d:%n  script:%n    - '%s'%n", i, script));
                }
                var project = api.pushNewProject(yaml.toString());
                return new TerminalEnvironment(server, runner, new JobSessions(data), api, project);
            } catch (RuntimeException e) {
                if (runner != null) {
                    runner.kill();
                }
                server.stop();
                throw e;
            }
        }

        ServerProcess server() {
            return server;
        }

        RunnerProcess runner() {
            return runner;
        }

        JobSessions sessions() {
            return sessions;
        }

        /**
         * Waits for {@code count} stored sessions, or until their number stayed the same for 20 seconds: the server
         * can lose a session it stored for a job that its runner had not confirmed yet (its sweep takes such a job
         * for one that is no longer running), and such a job has no terminal.
         */
        void awaitSessionsSettled(int count, Duration within) throws Exception {
            long deadline = System.nanoTime() + within.toNanos();
            int seen = -1;
            long stableSince = System.nanoTime();
            while (true) {
                int now = sessions.count();
                if (now >= count) {
                    return;
                }
                if (now != seen) {
                    seen = now;
                    stableSince = System.nanoTime();
                } else if (now > 0 && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(20)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "only " + now + " of " + count + " jobs have a terminal session after " + within);
                }
                Thread.sleep(500);
            }
        }

        void awaitSessions(int count, Duration within) throws Exception {
            long deadline = System.nanoTime() + within.toNanos();
            int seen;
            while ((seen = sessions.count()) < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "only " + seen + " of " + count + " jobs have a terminal session after " + within);
                }
                Thread.sleep(500);
            }
        }

        /** The server's {@code terminal.ws} of a job. */
        String socketUrl(long jobId) {
            return server.url().replaceFirst("^http", "ws") + "/" + project.path() + "/-/jobs/" + jobId
                    + "/terminal.ws?cols=200&rows=50";
        }

        Map<String, String> credentials() {
            return Map.of("PRIVATE-TOKEN", api.token());
        }

        SocketTerminal connectThroughServer(HttpClient http, long jobId) {
            return openThroughServer(http, jobId, 30).join();
        }

        /** Connects, trying again every 2 s while the job is not running yet (409) or its terminal not ready. */
        CompletableFuture<SocketTerminal> openThroughServer(HttpClient http, long jobId, int attempts) {
            return SocketTerminal.open(http, socketUrl(jobId), credentials())
                    .handle((terminal, failure) -> {
                        if (failure == null) {
                            return CompletableFuture.completedFuture(terminal);
                        }
                        if (attempts <= 1) {
                            return CompletableFuture.<SocketTerminal>failedFuture(failure);
                        }
                        return CompletableFuture.supplyAsync(
                                        () -> null, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS))
                                .thenCompose(ignored -> openThroughServer(http, jobId, attempts - 1));
                    })
                    .thenCompose(future -> future);
        }

        /** How a runner stop went: how long it took, and how many of its jobs' processes outlived it. */
        record RunnerStop(Duration took, int leftBehind) {}

        /**
         * Stops the runner with its jobs still running (SIGTERM, as a service manager does; SIGKILL after three
         * minutes) and kills whatever of its jobs outlived it.
         */
        RunnerStop stopRunner() {
            long start = System.nanoTime();
            runner.stop(Duration.ofMinutes(3));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            List<ProcessHandle> left = runner.jobProcesses();
            left.forEach(ProcessHandle::destroyForcibly);
            return new RunnerStop(took, left.size());
        }

        @Override
        public void close() {
            try {
                api.request("POST", "/projects/" + project.id() + "/pipelines/" + project.pipeline() + "/cancel", null);
            } catch (RuntimeException e) {
                // Canceling a thousand running jobs can outlast the request; stopping the runner ends them anyway,
                // and the measurement already made must not be lost to it.
                System.out.println("  (canceling the jobs did not answer in time: " + e.getMessage() + ")");
            } finally {
                runner.stop(Duration.ofSeconds(60));
                server.stop();
            }
        }
    }
}
