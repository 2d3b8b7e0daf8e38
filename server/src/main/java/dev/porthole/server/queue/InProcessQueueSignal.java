package dev.porthole.server.queue;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue signal of a single server instance. Uses a {@link ReentrantLock} rather than {@code synchronized} so
 * that thousands of long polls parked on virtual threads never pin their carrier threads.
 */
public class InProcessQueueSignal implements QueueSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Starts from the clock so that a restarted server never repeats a version a runner still holds.
    private long version = System.currentTimeMillis();
    private boolean closed;

    @Override
    public String version() {
        lock.lock();
        try {
            return Long.toString(version);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void signal() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String awaitChange(String seen, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!closed && Long.toString(version).equals(seen) && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return Long.toString(version);
        } finally {
            lock.unlock();
        }
    }
}
