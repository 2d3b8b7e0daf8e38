package dev.porthole.runner.session;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A terminal's input, written to its shell in order by a thread borrowed only while input waits: an idle terminal
 * holds no thread. A write blocks for as long as the shell's program reads nothing (the terminal's input buffer is
 * full), so the threads come from a pool of platform threads with no fixed size (a virtual thread would keep its
 * carrier in the native write).
 */
final class InputWriter {
    /** What the connection learns from its writer. */
    interface Listener {
        /** Bytes reached the shell; {@link #queued()} is lower by as much. */
        void written(int bytes);

        /** The terminal stopped taking input; nothing more is written. */
        void failed(IOException cause);
    }

    private final OutputStream shell;
    private final Executor threads;
    private final Listener listener;
    private final ConcurrentLinkedQueue<byte[]> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closed;

    InputWriter(OutputStream shell, Executor threads, Listener listener) {
        this.shell = shell;
        this.threads = threads;
        this.listener = listener;
    }

    /** Queues bytes for the shell; they are written after everything queued before them. */
    void write(byte[] data) {
        if (data.length == 0 || closed) {
            return;
        }
        queued.addAndGet(data.length);
        waiting.add(data);
        drainSoon();
    }

    /** Bytes queued and not written yet. */
    long queued() {
        return queued.get();
    }

    /** Writes nothing more; what is queued is dropped. */
    void close() {
        closed = true;
        waiting.clear();
    }

    private void drainSoon() {
        if (draining.compareAndSet(false, true)) {
            threads.execute(this::drain);
        }
    }

    private void drain() {
        try {
            byte[] data;
            while (!closed && (data = waiting.poll()) != null) {
                shell.write(data);
                shell.flush();
                queued.addAndGet(-data.length);
                listener.written(data.length);
            }
        } catch (IOException e) {
            closed = true;
            listener.failed(e);
            return;
        }
        draining.set(false);
        // Input queued after the last poll and before the flag was down found a drain running, and did not start one.
        if (!closed && !waiting.isEmpty()) {
            drainSoon();
        }
    }
}
