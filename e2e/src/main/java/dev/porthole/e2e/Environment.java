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
