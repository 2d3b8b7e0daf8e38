package dev.porthole.runner.polling;

import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.protocol.runnerapi.JobRequest;
import dev.porthole.protocol.runnerapi.RunnerInfo;
import dev.porthole.protocol.runnerapi.UpdateJobRequest;
import dev.porthole.runner.client.CoordinatorClient;
import dev.porthole.runner.client.JobRequestResult;
import dev.porthole.runner.client.UpdateResult;
import dev.porthole.runner.config.RunnerEntry;
import dev.porthole.runner.job.JobRunner;
import dev.porthole.runner.job.JobSetup;
import dev.porthole.runner.session.EndReason;
import dev.porthole.runner.session.SessionServer;
import dev.porthole.runner.session.TerminalSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks one server for jobs for one {@code [[runners]]} entry, over and over, within the concurrency limits. A long
 * poll that comes back empty is followed at once by the next; an answer that comes back faster than
 * {@code check_interval} (a server without long polling) waits out the rest of it; failures back off up to a
 * minute. It never spins. With a session server, each request announces a new terminal session, which the job that
 * comes keeps and which is ended at once when none comes.
 */
final class Poller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final int CONFIRM_ATTEMPTS = 5;

    private final RunnerEntry entry;
    private final CoordinatorClient client;
    private final RunnerInfo info;
    private final Slots slots;
    private final Semaphore entryLimit;
    private final RunningJobs running;
    private final Duration checkInterval;
    private final Path buildsDir;
    private final Path cacheDir;
    private final String systemId;
    private final Optional<SessionServer> sessions;
    private final BitSet concurrentIds = new BitSet();
    private volatile boolean stopped;
    private String lastUpdate = "";
    private int failures;

    Poller(
            RunnerEntry entry,
            CoordinatorClient client,
            RunnerInfo info,
            Slots slots,
            RunningJobs running,
            Duration checkInterval,
            Path buildsDir,
            Path cacheDir,
            String systemId,
            Optional<SessionServer> sessions) {
        this.entry = entry;
        this.client = client;
        this.info = info;
        this.slots = slots;
        this.entryLimit = entry.limit() > 0 ? new Semaphore(entry.limit(), true) : null;
        this.running = running;
        this.checkInterval = checkInterval;
        this.buildsDir = buildsDir;
        this.cacheDir = cacheDir;
        this.systemId = systemId;
        this.sessions = sessions;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        LOG.info("runner {} ({}) is asking {} for jobs", entry.name(), entry.shortToken(), entry.url());
        try {
            while (!stopped) {
                Slots.Slot slot = slots.acquire(entryLimit);
                boolean handedOver = false;
                Optional<TerminalSession> session = sessions.map(SessionServer::open);
                try {
                    long started = System.nanoTime();
                    JobRequestResult result = client.requestJob(new JobRequest(
                            info,
                            entry.token(),
                            systemId,
                            lastUpdate,
                            session.map(TerminalSession::info).orElse(null)));
                    if (stopped && !(result instanceof JobRequestResult.Received)) {
                        return;
                    }
                    switch (result) {
                        case JobRequestResult.Received received -> {
                            failures = 0;
                            start(received.job(), slot, session);
                            handedOver = true;
                        }
                        case JobRequestResult.NoJob none -> {
                            failures = 0;
                            lastUpdate = none.lastUpdate() == null ? "" : none.lastUpdate();
                            slot.release();
                            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                            if (elapsed.compareTo(checkInterval) < 0) {
                                RunningJobs.sleep(checkInterval.minus(elapsed));
                            }
                        }
                        case JobRequestResult.Forbidden forbidden -> {
                            failures++;
                            slot.release();
                            LOG.error(
                                    "runner {} ({}): the server at {} does not accept its token (403); check that"
                                            + " the runner still exists there, or register it again",
                                    entry.name(),
                                    entry.shortToken(),
                                    entry.url());
                            RunningJobs.sleep(backoff());
                        }
                        case JobRequestResult.Failed failed -> {
                            failures++;
                            slot.release();
                            Duration pause = backoff();
                            LOG.warn(
                                    "runner {}: checking for jobs failed: {}; trying again in {}s",
                                    entry.name(),
                                    failed.reason(),
                                    pause.toSeconds());
                            RunningJobs.sleep(pause);
                        }
                    }
                } finally {
                    if (!handedOver) {
                        slot.release();
                        session.ifPresent(unused -> unused.end(EndReason.JOB_ENDED, "no job came"));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("runner {} stopped asking for jobs", entry.name());
    }

    private void start(JobPayload job, Slots.Slot slot, Optional<TerminalSession> session) {
        int concurrentId = takeConcurrentId();
        var runner = new JobRunner(
                new JobSetup(
                        entry, info, client, concurrentId, buildsDir, cacheDir, JobSetup.DEFAULT_AFTER_SCRIPT_TIMEOUT),
                job,
                session);
        running.add(runner);
        LOG.info(
                "job {} ({} of {}) received by runner {}",
                job.id(),
                job.jobInfo().name(),
                job.jobInfo().projectFullPath(),
                entry.name());
        Thread.ofVirtual().name("job-" + job.id()).start(() -> {
            try {
                if (confirm(job)) {
                    runner.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                // Also when the job never ran (the server took it back): its session goes with it.
                session.ifPresent(s -> s.end(EndReason.JOB_ENDED, "the job ended"));
                releaseConcurrentId(concurrentId);
                running.remove(runner);
                slot.release();
            }
        });
    }

    /**
     * Tells the server the job arrived ({@code PUT state=running}); until then it may give the job to another runner.
     * False when the server took it back.
     */
    private boolean confirm(JobPayload job) throws InterruptedException {
        var request = UpdateJobRequest.running(info, job.token(), null);
        for (int attempt = 1; ; attempt++) {
            switch (client.updateJob(job.id(), request)) {
                case UpdateResult.Accepted accepted -> {
                    return true;
                }
                case UpdateResult.Aborted aborted -> {
                    LOG.warn(
                            "job {}: the server took it back before it started ({}); not running it",
                            job.id(),
                            aborted.reason());
                    return false;
                }
                case UpdateResult.Failed failed -> {
                    if (attempt == CONFIRM_ATTEMPTS) {
                        // Unconfirmed, the server gives the job to another runner after a while: running it here
                        // too would run it twice.
                        LOG.warn(
                                "job {}: could not confirm it ({}); leaving it to the server to hand out again",
                                job.id(),
                                failed.reason());
                        return false;
                    }
                    RunningJobs.sleep(Duration.ofSeconds(attempt));
                }
            }
        }
    }

    private synchronized int takeConcurrentId() {
        int id = concurrentIds.nextClearBit(0);
        concurrentIds.set(id);
        return id;
    }

    private synchronized void releaseConcurrentId(int id) {
        concurrentIds.clear(id);
    }

    private Duration backoff() {
        long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(failures, 6));
        long jitterMillis = ThreadLocalRandom.current().nextLong(0, 500);
        return Duration.ofSeconds(seconds).plusMillis(jitterMillis);
    }
}
