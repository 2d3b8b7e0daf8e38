package dev.porthole.runner.polling;

import dev.porthole.runner.client.CoordinatorClient;
import dev.porthole.runner.client.RunnerDescription;
import dev.porthole.runner.config.RunnerConfig;
import dev.porthole.runner.config.RunnerEntry;
import dev.porthole.runner.executor.docker.DockerLeftovers;
import dev.porthole.runner.session.SessionServer;
import dev.porthole.runner.session.SessionServerException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code runner run}: the session server when {@code [session_server]} is configured, and one polling loop per
 * configured runner, until a stop signal. On SIGTERM or SIGINT it stops
 * asking for jobs, lets running jobs finish within {@code shutdown_timeout}, then fails those still running, with a
 * line in their logs, and returns (the process exits with 0).
 */
public final class RunnerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerProcess.class);
    private static final Duration REPORT_AFTER_STOP = Duration.ofSeconds(30);

    private final RunnerConfig config;
    private final Path workingDirectory;
    private final RunningJobs running = new RunningJobs();
    private final List<Poller> pollers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private Optional<SessionServer> sessionServer = Optional.empty();

    public RunnerProcess(RunnerConfig config, Path workingDirectory) {
        this.config = config;
        this.workingDirectory = workingDirectory;
    }

    /**
     * Runs until the process is told to stop.
     *
     * @throws SessionServerException when {@code [session_server]} is configured and the server cannot start
     */
    public void runUntilStopped() throws InterruptedException, SessionServerException {
        if (config.runners().isEmpty()) {
            LOG.warn("no runners are configured; register one with `porthole runner register`");
        }
        if (config.sessionServer().isPresent()) {
            sessionServer =
                    Optional.of(SessionServer.start(config.sessionServer().get()));
        } else {
            LOG.info("[session_server] is not configured: jobs offer no terminal");
        }
        var slots = new Slots(config.concurrent());
        String systemId = systemId();
        for (RunnerEntry entry : config.runners()) {
            var client = new CoordinatorClient(entry.url(), RunnerDescription.userAgent());
            Path buildsDir = entry.buildsDir() != null
                    ? entry.buildsDir().toAbsolutePath()
                    : workingDirectory.resolve("builds").toAbsolutePath();
            Path cacheDir = entry.cacheDir() != null
                    ? entry.cacheDir().toAbsolutePath()
                    : workingDirectory.resolve("cache").toAbsolutePath();
            // Both executors offer terminals.
            boolean terminals = sessionServer.isPresent();
            if ("docker".equals(entry.executor())) {
                removeLeftovers(entry);
            }
            var poller = new Poller(
                    entry,
                    client,
                    RunnerDescription.forExecutor(entry.executor(), terminals),
                    slots,
                    running,
                    config.checkInterval(),
                    buildsDir,
                    cacheDir,
                    systemId,
                    terminals ? sessionServer : Optional.empty());
            pollers.add(poller);
            threads.add(Thread.ofPlatform().name("poll-" + entry.name()).start(poller));
        }
        // SIGTERM and SIGINT stop the runner gracefully and let it exit with 0; the hook covers other exits.
        StopSignals.onStop(stopRequested::countDown);
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "shutdown"));
        LOG.info(
                "porthole-runner {} started: {} runner(s), up to {} job(s) at once",
                RunnerDescription.VERSION,
                config.runners().size(),
                config.concurrent());
        stopRequested.await();
        shutdown();
    }

    private void shutdown() {
        if (!stopping.compareAndSet(false, true)) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        LOG.info(
                "stopping: no new jobs; waiting up to {}s for {} running job(s)",
                config.shutdownTimeout().toSeconds(),
                running.count());
        pollers.forEach(Poller::stop);
        threads.forEach(Thread::interrupt);
        try {
            if (!running.awaitNone(config.shutdownTimeout())) {
                LOG.warn("{} job(s) did not finish in time; failing them", running.count());
                running.stopAll();
                running.awaitNone(REPORT_AFTER_STOP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessionServer.ifPresent(SessionServer::close);
        LOG.info("stopped");
        stopped.countDown();
    }

    /** Containers, networks and volumes of this entry's jobs that a runner process which died left behind. */
    private static void removeLeftovers(RunnerEntry entry) {
        int removed = DockerLeftovers.removeForRunner(entry.docker().host(), entry.shortToken());
        if (removed > 0) {
            LOG.info(
                    "runner {}: removed {} container(s), network(s) and volume(s) left by earlier jobs",
                    entry.name(),
                    removed);
        }
    }

    /** gitlab-runner's system id: stable for a machine, so that the server can tell runner hosts apart. */
    private static String systemId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            return "s_"
                    + HexFormat.of()
                            .formatHex(sha.digest(host.getBytes(StandardCharsets.UTF_8)))
                            .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            return "s_unknown";
        }
    }
}
