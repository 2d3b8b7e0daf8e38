package dev.porthole.runner.job;

import dev.porthole.protocol.runnerapi.DebugHold;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A failed job kept for debugging. The server owns the deadline (users extend and release holds there) and sends the
 * time left with every answer about the job; the runner keeps its own deadline from the last answer, so a hold still
 * ends when the server cannot be reached, or is a GitLab that knows nothing of holds.
 */
final class DebugHoldWait {
    /** How a hold ended. */
    sealed interface End {
        /** Someone released it on the server. */
        record Released() implements End {}

        /** Its time was up. */
        record Expired() implements End {}

        /** The job was stopped meanwhile: canceled, or the runner is stopping. */
        record Stopped(StopReason reason) implements End {}
    }

    /** An extension that moves the deadline by less is clock noise between two answers, not a user's Extend. */
    private static final Duration NOTICEABLE = Duration.ofSeconds(5);
    /** How close to its deadline a hold the server calls over counts as run out rather than released. */
    private static final Duration RUNNING_OUT = Duration.ofSeconds(2);

    private final DebugHold report;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long deadline;
    private boolean released;
    private Duration extendedTo;

    DebugHoldWait(Duration requested, int exitCode) {
        this.report = new DebugHold(requested.toSeconds(), exitCode);
        this.deadline = System.nanoTime() + requested.toNanos();
    }

    /** Time left, to the nearest second. */
    Duration remaining() {
        lock.lock();
        try {
            return Duration.ofSeconds(Math.max(0, Math.round((deadline - System.nanoTime()) / 1e9)));
        } finally {
            lock.unlock();
        }
    }

    /** What the runner's {@code running} reports carry while the job is held. */
    DebugHold report() {
        return report;
    }

    /**
     * The server's word on the time left; zero ends the hold. Zero near the runner's own deadline is the hold running
     * out (the server rounds up, and answers take a moment), zero before it someone's release.
     */
    void serverSays(Duration remaining) {
        lock.lock();
        try {
            if (remaining.isZero() || remaining.isNegative()) {
                if (deadline - System.nanoTime() > RUNNING_OUT.toNanos()) {
                    released = true;
                } else {
                    deadline = System.nanoTime();
                }
            } else {
                long proposed = System.nanoTime() + remaining.toNanos();
                if (proposed - deadline > NOTICEABLE.toNanos()) {
                    extendedTo = remaining;
                }
                deadline = proposed;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the hold ends.
     *
     * @param onExtended told the new time left each time the server moves the deadline noticeably later
     */
    End await(CompletableFuture<StopReason> stop, Consumer<Duration> onExtended) throws InterruptedException {
        Runnable wake = () -> {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        };
        stop.thenRun(wake);
        lock.lock();
        try {
            while (true) {
                if (stop.isDone()) {
                    return new End.Stopped(stop.getNow(StopReason.ABORTED));
                }
                if (released) {
                    return new End.Released();
                }
                if (extendedTo != null) {
                    Duration shown = extendedTo;
                    extendedTo = null;
                    lock.unlock();
                    try {
                        onExtended.accept(shown);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new End.Expired();
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}
