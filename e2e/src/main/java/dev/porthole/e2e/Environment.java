package dev.porthole.e2e;

import java.time.Duration;
import java.util.List;

/**
 * A server and one runner that serve many tests: started once, stopped when the test JVM ends. Tests that stop or
 * kill processes start their own.
 */
public final class Environment {
    private static Environment shared;

    private final ServerProcess server;
    private final RunnerProcess runner;

    private Environment(ServerProcess server, RunnerProcess runner) {
        this.server = server;
        this.runner = runner;
    }

    /** The shared server and runner, started on first use. */
    public static synchronized Environment shared() {
        if (shared == null) {
            shared = start("shared", 4, Duration.ofMinutes(1));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /**
     * A new server and runner of their own, for tests that stop or kill them.
     *
     * @param runnerContactTimeout how long a running job's runner may stay silent before the job fails
     */
    public static Environment start(String name, int concurrent, Duration runnerContactTimeout) {
        ServerProcess server = new ServerProcess(name, ServerProcess.createDirectory("porthole-" + name))
                .with("porthole.jobs.runner-contact-timeout", runnerContactTimeout.toSeconds() + "s")
                .with("porthole.jobs.housekeeping-interval", "1s")
                .with("porthole.runner-api.trace-update-interval", "1s")
                .start();
        String token = server.rootApi().createRunner(name + " runner", List.of("e2e"));
        RunnerProcess runner =
                RunnerProcess.register(name, server.url(), token, concurrent).start();
        return new Environment(server, runner);
    }

    /**
     * A new server and a runner with a session server (terminals), the server allowed to reach it on 127.0.0.1 as an
     * administrator allows it: Admin › Settings › Network › Outbound requests › local network.
     */
    public static Environment startWithTerminals(String name, int sessionTimeoutSeconds) {
        ServerProcess server = new ServerProcess(name, ServerProcess.createDirectory("porthole-" + name))
                .with("porthole.runner-api.trace-update-interval", "1s")
                .start();
        server.rootApi()
                .ok(
                        "PUT",
                        "/application/settings",
                        java.util.Map.of("allow_local_requests_from_web_hooks_and_services", true));
        String token = server.rootApi().createRunner(name + " runner", List.of("e2e"));
        RunnerProcess runner = RunnerProcess.register(name, server.url(), token, 4);
        runner.withSessionServer(sessionTimeoutSeconds);
        return new Environment(server, runner.start());
    }

    /**
     * A new server and a docker-executor runner with a session server, the server allowed to reach it on 127.0.0.1.
     * Jobs that name no image run in {@link DockerHost#BUSYBOX_IMAGE}; images are used only when present (pull policy
     * {@code if-not-present}), since the tests build theirs locally.
     */
    public static Environment startWithDockerTerminals(String name, int sessionTimeoutSeconds) {
        DockerHost.ensureReady();
        // The server's session sweep also deletes the sessions of jobs still waiting for their runner's confirmation
        // (pending), and a fresh runner's first confirmation can take longer than the sweep's 5 s: these tests are
        // about the docker executor's terminals, so the sweep waits.
        ServerProcess server = new ServerProcess(name, ServerProcess.createDirectory("porthole-" + name))
                .with("porthole.runner-api.trace-update-interval", "1s")
                .with("porthole.terminal.session-sweep-interval", "10m")
                .start();
        server.rootApi()
                .ok(
                        "PUT",
                        "/application/settings",
                        java.util.Map.of("allow_local_requests_from_web_hooks_and_services", true));
        String token = server.rootApi().createRunner(name + " runner", List.of("e2e"));
        RunnerProcess runner =
                RunnerProcess.registerDocker(name, server.url(), token, 4, DockerHost.BUSYBOX_IMAGE, "if-not-present");
        runner.withSessionServer(sessionTimeoutSeconds);
        return new Environment(server, runner.start());
    }

    public ServerProcess server() {
        return server;
    }

    public RunnerProcess runner() {
        return runner;
    }

    public Api api() {
        return server.rootApi();
    }

    public void stop() {
        runner.stop(Duration.ofSeconds(40));
        server.stop();
    }
}
