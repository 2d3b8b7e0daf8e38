package dev.porthole.runner.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.unix.UnixPtyProcess;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A PTY's output as pty4j reads it, which can also tell how many bytes wait to be read ({@code FIONREAD} on the
 * PTY's master, on Linux): pty4j's own stream always says none, and a reader that knows more is waiting can put it
 * into the same websocket frame instead of sending one per 4 KiB read. What is known to wait is read straight from
 * the master, without pty4j's wait for input (a poll that allocates native memory on every read), the one cost that
 * grows with continuous output. Read by one thread, as pty4j's stream is; closed through {@link #close(Runnable)},
 * so that the master is never closed while this reads it directly (its number could be reused meanwhile).
 */
public final class PtyOutput extends FilterInputStream {
    /** {@code FIONREAD} (also {@code TIOCINQ}) on Linux's common architectures. */
    private static final NativeLong FIONREAD = new NativeLong(0x541B);

    private static final int DIRECT_READ = 4096;

    private final int masterFd;
    private final Memory count = new Memory(Integer.BYTES);
    private final Memory direct = new Memory(DIRECT_READ);
    private final ReentrantLock nativeCalls = new ReentrantLock();
    private boolean closed;
    /** What the last {@link #available()} found waiting and has not been read since. */
    private int waiting;

    /** The C library's {@code ioctl} and {@code read}, for what pty4j's stream does not offer. */
    private interface C extends Library {
        C LIBRARY = load();

        int ioctl(int fd, NativeLong request, Pointer argument);

        NativeLong read(int fd, Pointer buffer, NativeLong count);

        /** Null where it is not Linux's or cannot be loaded: the output then reads through pty4j alone. */
        private static C load() {
            if (!Platform.isLinux()) {
                return null;
            }
            try {
                return Native.load("c", C.class);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return null;
            }
        }
    }

    /** @param masterFd the PTY master's file descriptor, or -1 when unknown (nothing is then said to wait) */
    private PtyOutput(InputStream pty, int masterFd) {
        super(pty);
        this.masterFd = C.LIBRARY == null ? -1 : masterFd;
    }

    /** The output of a process pty4j started on a PTY (the terminal benchmark's baseline reads it this way too). */
    public static PtyOutput of(PtyProcess process) {
        return new PtyOutput(
                process.getInputStream(),
                process instanceof UnixPtyProcess unix ? unix.getPty().getMasterFD() : -1);
    }

    @Override
    public int available() throws IOException {
        if (masterFd < 0) {
            return 0;
        }
        nativeCalls.lock();
        try {
            if (closed || C.LIBRARY.ioctl(masterFd, FIONREAD, count) != 0) {
                waiting = 0;
            } else {
                waiting = Math.max(0, count.getInt(0));
            }
            return waiting;
        } finally {
            nativeCalls.unlock();
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (waiting <= 0 || length <= 0) {
            return super.read(buffer, offset, length);
        }
        long n;
        nativeCalls.lock();
        try {
            if (closed) {
                return -1;
            }
            // Known to wait: this read does not block.
            n = C.LIBRARY
                    .read(masterFd, direct, new NativeLong(Math.min(Math.min(length, waiting), DIRECT_READ)))
                    .longValue();
            waiting = 0;
            if (n > 0) {
                direct.read(0, buffer, offset, (int) n);
                return (int) n;
            }
        } finally {
            nativeCalls.unlock();
        }
        // Not under the lock: pty4j's read may wait, and it says why there was nothing (an error, or the end).
        return super.read(buffer, offset, length);
    }

    /** Closes the PTY with {@code closing} (which closes pty4j's streams) once no direct read is under way. */
    public void close(Runnable closing) {
        nativeCalls.lock();
        try {
            closed = true;
            closing.run();
        } finally {
            nativeCalls.unlock();
        }
    }

    @Override
    public void close() {
        close(() -> {
            try {
                in.close();
            } catch (IOException e) {
                // closed already
            }
        });
    }
}
