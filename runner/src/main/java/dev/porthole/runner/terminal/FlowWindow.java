package dev.porthole.runner.terminal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Output flow control: at most {@code size} bytes may be sent and not yet acknowledged. The one reader of a
 * terminal asks for credit before each read and reads no more than it got, so the bytes in flight (in buffers,
 * on the network, unrendered in the client) never exceed the window, however fast the terminal prints.
 *
 * <p>Acknowledgements either come from the client ({@link #acknowledgeTotal}, Porthole's subprotocol) or stand for
 * completed websocket writes ({@link #acknowledge}, GitLab's subprotocols, which have none of their own).
 */
public final class FlowWindow {
    /** The window of Porthole's subprotocol; see docs/terminal-protocol.md for why 1 MiB. */
    public static final int DEFAULT_SIZE = 1 << 20;

    private final long size;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition credit = lock.newCondition();
    private long sent;
    private long acknowledged;
    private long mostOutstanding;
    private boolean closed;

    public FlowWindow(long size) {
        if (size < 1) {
            throw new IllegalArgumentException("window must be positive: " + size);
        }
        this.size = size;
    }

    public long size() {
        return size;
    }

    /**
     * Waits until some credit is free and returns how many bytes may be read now, at most {@code wanted}; 0 once
     * the window is closed.
     */
    public int awaitCredit(int wanted) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && sent - acknowledged >= size) {
                credit.await();
            }
            return closed ? 0 : (int) Math.min(wanted, size - (sent - acknowledged));
        } finally {
            lock.unlock();
        }
    }

    /** How many bytes may be read now without waiting, at most {@code wanted}; 0 when none (or closed). */
    public int credit(int wanted) {
        lock.lock();
        try {
            return closed ? 0 : (int) Math.max(0, Math.min(wanted, size - (sent - acknowledged)));
        } finally {
            lock.unlock();
        }
    }

    /** Counts bytes that were read under credit and are being sent. */
    public void sent(int bytes) {
        lock.lock();
        try {
            sent += bytes;
            mostOutstanding = Math.max(mostOutstanding, sent - acknowledged);
        } finally {
            lock.unlock();
        }
    }

    /** Frees credit for {@code bytes} more bytes (a completed write). */
    public void acknowledge(int bytes) {
        lock.lock();
        try {
            acknowledged = Math.min(sent, acknowledged + bytes);
            credit.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the client's cumulative count of bytes rendered. An older count than one already taken changes nothing.
     *
     * @throws IllegalArgumentException when the count is beyond what was sent
     */
    public void acknowledgeTotal(long total) {
        lock.lock();
        try {
            if (total > sent) {
                throw new IllegalArgumentException("acknowledged " + total + " bytes, but only " + sent + " were sent");
            }
            if (total > acknowledged) {
                acknowledged = total;
                credit.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the reader for good: no more credit is given. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            credit.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes sent and not acknowledged now. */
    public long outstanding() {
        lock.lock();
        try {
            return sent - acknowledged;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes that were ever outstanding at once; never more than {@link #size()}. */
    public long mostOutstanding() {
        lock.lock();
        try {
            return mostOutstanding;
        } finally {
            lock.unlock();
        }
    }

    /** All bytes sent so far. */
    public long totalSent() {
        lock.lock();
        try {
            return sent;
        } finally {
            lock.unlock();
        }
    }
}
