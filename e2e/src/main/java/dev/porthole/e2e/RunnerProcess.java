package dev.porthole.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Porthole's runner as its own process: registered with a server by its real {@code register} command. */
public final class RunnerProcess implements AutoCloseable {
    private final String name;
    private final Path config;
    private final Path buildsDir;
    private final Path log;
    private Process process;
    private List<String> jvmOptions = List.of("-Xmx256m");

    private RunnerProcess(String name, Path workDir) {
        this.name = name;
        this.config = workDir.resolve("config.toml");
        this.buildsDir = workDir.resolve("builds");
        this.log = Processes.outputDir().resolve(name + "-runner.log");
    }

    /** Registers a runner with this runner token ({@code glrt-...}), running {@code concurrent} jobs at once. */
    public static RunnerProcess register(String name, String serverUrl, String token, int concurrent) {
        return register(name, serverUrl, token, concurrent, List.of("--executor", "shell"));
    }

    /**
     * Registers a runner with the docker executor: jobs that name no image run in {@code image}, and images are
     * taken as {@code pullPolicy} says (no registry is reachable in tests: {@code never} or {@code if-not-present}).
     * The engine must answer and the test images exist ({@link DockerHost#ensureReady()}).
     */
    public static RunnerProcess registerDocker(
            String name, String serverUrl, String token, int concurrent, String image, String pullPolicy) {
        return register(
                name,
                serverUrl,
                token,
                concurrent,
                List.of("--executor", "docker", "--docker-image", image, "--docker-pull-policy", pullPolicy));
    }

    private static RunnerProcess register(
            String name, String serverUrl, String token, int concurrent, List<String> executor) {
        var runner = new RunnerProcess(name, ServerProcess.createDirectory("porthole-runner-" + name));
        List<String> args = new ArrayList<>(List.of(
                "register",
                "--url",
                serverUrl,
                "--token",
                token,
                "--name",
                name,
                "--config",
                runner.config.toString(),
                "--builds-dir",
                runner.buildsDir.toString(),
                "--concurrent",
                Integer.toString(concurrent)));
        args.addAll(executor);
        int code = runner.command(args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException(
                    "runner register failed (" + code + "):\n" + Processes.tail(runner.log, 20));
        }
        return runner;
    }

    /**
     * Adds a {@code [session_server]} on 127.0.0.1 at a free port to the config, before {@link #start()}: the runner
     * then offers terminals into its jobs. Returns the port.
     */
    public int withSessionServer(int sessionTimeoutSeconds) {
        int port = Processes.freePort();
        String section = "\n[session_server]\n  listen_address = \"127.0.0.1:" + port + "\"\n"
                + "  advertise_address = \"127.0.0.1:" + port + "\"\n  session_timeout = " + sessionTimeoutSeconds
                + "\n";
        try {
            Files.writeString(config, Files.readString(config) + section);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return port;
    }

    /** Options for the runner's JVM instead of the tests' {@code -Xmx256m}, before {@link #start()}. */
    public RunnerProcess withJvmOptions(String... options) {
        this.jvmOptions = List.of(options);
        return this;
    }

    /** Runs a runner command to its end; returns the exit code. */
    public int command(String... args) {
        List<String> command = new ArrayList<>(
                List.of(Processes.java(), "-jar", Processes.runnerJar().toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public RunnerProcess start() {
        List<String> command = new ArrayList<>();
        command.add(Processes.java());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar",
                Processes.runnerJar().toString(),
                "run",
                "--config",
                config.toString(),
                "--working-directory",
                config.getParent().toString()));
        try {
            // Jobs and terminals inherit the runner's HOME, and login shells read its profile: the machine's own
            // dotfiles (which may run slow tools, or hold a stale lock) are not the tests'.
            Path home = Files.createDirectories(config.getParent().resolve("home"));
            var builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("HOME", home.toString());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        await("runner " + name + " polling (log: " + log + ")")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the runner exited:\n" + Processes.tail(log, 30));
                    }
                    return Files.exists(log) && Files.readString(log).contains("is asking");
                });
        return this;
    }

    /** SIGTERM: stop taking jobs, let running ones finish within the shutdown timeout. */
    public int stop(Duration within) {
        if (process == null) {
            return 0;
        }
        process.destroy();
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Processes working in this runner's directory (its jobs' scripts and terminals, and what they started), other
     * than the runner itself: after a stop, what its jobs left behind.
     */
    public List<ProcessHandle> jobProcesses() {
        Path home = config.getParent().toAbsolutePath();
        long self = process == null ? -1 : process.pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && workingIn(p.pid(), home))
                .toList();
    }

    private static boolean workingIn(long pid, Path directory) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"))
                    .startsWith(directory);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // gone, or not ours to look at
        }
    }

    /** SIGKILL, as if the machine lost power. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The running runner's process id (for benchmarks that read its memory). */
    public long pid() {
        return process.pid();
    }

    /** The runner's token as its config file holds it, shortened as its labels and logs show it. */
    public String shortToken() {
        try {
            var matcher = java.util.regex.Pattern.compile("token = \"(?:glrt-)?([^\"]{1,8})")
                    .matcher(Files.readString(config));
            if (!matcher.find()) {
                throw new IllegalStateException("no token in " + config);
            }
            return matcher.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path config() {
        return config;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(40));
    }
}
