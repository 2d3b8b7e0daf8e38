package dev.porthole.runner.trace;

import dev.porthole.runner.client.CoordinatorClient;
import dev.porthole.runner.client.PatchResult;
import dev.porthole.runner.client.RemoteJobState;
import dev.porthole.runner.client.UpdateResult;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a job's log to the server in patches of at most 1 MiB, as often as the server asks; when there is nothing
 * new it still reports that the job is alive, which is also how cancellations reach the runner. Network failures
 * are retried with growing pauses; the log keeps every byte, so nothing is lost in between.
 */
public final class TraceUploader {
    /** Called with what the server says about the job, and when it wants nothing more. */
    public interface Listener {
        void onRemoteState(RemoteJobState state);

        void onAborted(String reason);
    }

    /** Reports the job as running; the answer carries its status on the server. */
    @FunctionalInterface
    public interface KeepAlive {
        UpdateResult send() throws InterruptedException;
    }

    static final int MAX_PATCH = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(TraceUploader.class);
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofMinutes(15);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);

    private final CoordinatorClient client;
    private final long jobId;
    private final String jobToken;
    private final JobTrace trace;
    private final Listener listener;
    private final KeepAlive keepAlive;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();

    private volatile Duration interval = DEFAULT_INTERVAL;
    private volatile long sent;
    private volatile boolean aborted;
    private volatile boolean stopping;
    private int failures;
    private long lastContact = System.nanoTime();
    private Thread thread;

    public TraceUploader(
            CoordinatorClient client,
            long jobId,
            String jobToken,
            JobTrace trace,
            Listener listener,
            KeepAlive keepAlive) {
        this.client = client;
        this.jobId = jobId;
        this.jobToken = jobToken;
        this.trace = trace;
        this.listener = listener;
        this.keepAlive = keepAlive;
    }

    public void start() {
        thread = Thread.ofVirtual().name("trace-" + jobId).start(this::loop);
    }

    public boolean aborted() {
        return aborted;
    }

    /** Stops the periodic sending and sends everything not yet sent; true when the server has the whole log. */
    public boolean finish(Duration within) throws InterruptedException {
        stopping = true;
        signal();
        if (thread != null) {
            thread.join(within.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join();
            }
        }
        long deadline = System.nanoTime() + within.toNanos();
        failures = 0;
        while (!aborted && sent < trace.length() && System.nanoTime() < deadline) {
            if (!sendPending()) {
                long pause = Math.min(backoff().toNanos(), deadline - System.nanoTime());
                if (pause > 0) {
                    TimeUnit.NANOSECONDS.sleep(pause);
                }
            }
        }
        return !aborted && sent >= trace.length();
    }

    private void loop() {
        try {
            while (!stopping && !aborted) {
                awaitNextRound();
                if (stopping || aborted) {
                    return;
                }
                boolean ok = sent < trace.length() ? sendPending() : keepAliveIfDue();
                failures = ok ? 0 : failures + 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitNextRound() throws InterruptedException {
        Duration wait = failures > 0 ? backoff() : interval;
        lock.lock();
        try {
            if (!stopping) {
                wake.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sends what is pending in patches; false after a failure that is worth retrying. */
    private boolean sendPending() throws InterruptedException {
        while (!aborted && sent < trace.length()) {
            byte[] chunk = trace.read(sent, MAX_PATCH);
            PatchResult result = client.patchTrace(jobId, jobToken, sent, chunk);
            switch (result) {
                case PatchResult.Accepted accepted -> {
                    sent = Math.min(accepted.offset(), trace.length());
                    contact(accepted.state());
                }
                case PatchResult.RangeMismatch mismatch -> {
                    if (mismatch.offset() > trace.length()) {
                        // The server holds bytes this runner never wrote: the log is no longer this runner's.
                        abort("the server's log of this job is longer than the runner's (" + mismatch.offset()
                                + " bytes)");
                        return true;
                    }
                    LOG.debug("job {}: the server's log ends at {}, continuing from there", jobId, mismatch.offset());
                    sent = mismatch.offset();
                    contact(mismatch.state());
                }
                case PatchResult.Aborted abort -> {
                    abort(abort.reason());
                    return true;
                }
                case PatchResult.Failed failed -> {
                    LOG.warn("job {}: sending the log failed ({}); trying again", jobId, failed.reason());
                    return false;
                }
            }
        }
        return true;
    }

    private boolean keepAliveIfDue() throws InterruptedException {
        if (System.nanoTime() - lastContact < interval.toNanos() * 9 / 10) {
            return true;
        }
        return switch (keepAlive.send()) {
            case UpdateResult.Accepted accepted -> {
                contact(accepted.state());
                yield true;
            }
            case UpdateResult.Aborted abort -> {
                abort(abort.reason());
                yield true;
            }
            case UpdateResult.Failed failed -> {
                LOG.warn("job {}: reaching the server failed ({}); trying again", jobId, failed.reason());
                yield false;
            }
        };
    }

    private void contact(RemoteJobState state) {
        lastContact = System.nanoTime();
        state.updateInterval().ifPresent(asked -> interval = clamp(asked));
        listener.onRemoteState(state);
    }

    private void abort(String reason) {
        aborted = true;
        listener.onAborted(reason);
    }

    private Duration backoff() {
        long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(failures, 5));
        return Duration.ofSeconds(seconds);
    }

    private static Duration clamp(Duration asked) {
        if (asked.compareTo(MIN_INTERVAL) < 0) {
            return MIN_INTERVAL;
        }
        return asked.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : asked;
    }
}
