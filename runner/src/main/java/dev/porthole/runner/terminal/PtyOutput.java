package dev.porthole.runner.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.unix.UnixPtyProcess;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A PTY's output, read straight from the PTY's master with memory allocated once, which can also tell how many bytes
 * wait to be read ({@code FIONREAD}, on Linux): pty4j's own stream always says none, and a reader that knows more is
 * waiting can put it into the same websocket frame instead of sending one per 4 KiB read. pty4j's stream allocates
 * native memory on every read (its poll's structures, registered for cleaning, and a copy of the buffer): at tens of
 * MB/s that garbage, and the cleaning, were most of what the runner spent beside the kernel's own work. Here a read
 * waits in {@code poll} on the master and on a pipe of its own that {@link #close(Runnable)} writes to, so that a
 * close always ends the wait. Whatever this cannot handle (no C library it can load, an error, the shell's end) is
 * left to pty4j's stream, which says what it was. Read by one thread, as pty4j's stream is; the master is closed only
 * under this stream's lock, so that a read never meets a reused descriptor number.
 */
public final class PtyOutput extends FilterInputStream {
    /** {@code FIONREAD} (also {@code TIOCINQ}) on Linux's common architectures. */
    private static final NativeLong FIONREAD = new NativeLong(0x541B);

    private static final short POLLIN = 0x1;
    private static final int EINTR = 4;
    /** {@code struct pollfd}: {@code int fd; short events; short revents;}. */
    private static final int POLLFD_SIZE = 8;

    private static final int DIRECT_READ = 4096;

    private final int masterFd;
    private final Memory count = new Memory(Integer.BYTES);
    private final Memory direct = new Memory(DIRECT_READ);
    private final Memory pollFds = new Memory(2L * POLLFD_SIZE);
    private final ReentrantLock nativeCalls = new ReentrantLock();
    /** The pipe whose write end {@link #close(Runnable)} writes to; -1 when there is none (any more). */
    private int wakeRead = -1;

    private int wakeWrite = -1;
    private boolean closed;
    /** A read waits in {@code poll} without the lock: the pipe must stay open until it returns. */
    private boolean polling;

    /**
     * The C library's calls, bound directly (no proxy, no argument arrays). {@code LOADED} is false where it is
     * not Linux's or cannot be loaded: the output then reads through pty4j alone.
     */
    private static final class C {
        static final boolean LOADED = load();

        private C() {}

        static native int ioctl(int fd, NativeLong request, Pointer argument);

        static native NativeLong read(int fd, Pointer buffer, NativeLong count);

        static native NativeLong write(int fd, Pointer buffer, NativeLong count);

        static native int poll(Pointer fds, NativeLong count, int timeoutMillis);

        static native int pipe(int[] fds);

        static native int close(int fd);

        private static boolean load() {
            if (!Platform.isLinux()) {
                return false;
            }
            try {
                Native.register(C.class, "c");
                return true;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return false;
            }
        }
    }

    /** @param masterFd the PTY master's file descriptor, or -1 when unknown (pty4j's stream is then read alone) */
    private PtyOutput(InputStream pty, int masterFd) {
        super(pty);
        this.masterFd = C.LOADED ? masterFd : -1;
        if (this.masterFd >= 0) {
            int[] pipe = new int[2];
            if (C.pipe(pipe) == 0) {
                wakeRead = pipe[0];
                wakeWrite = pipe[1];
            }
        }
    }

    /** The output of a process pty4j started on a PTY (the terminal benchmark's baseline reads it this way too). */
    public static PtyOutput of(PtyProcess process) {
        // pty4j closes the master when it is destroyed and its input stream was never asked for; asked for, that
        // stream is closed only through close(Runnable), under the lock.
        process.getOutputStream();
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
            return closed ? 0 : waiting();
        } finally {
            nativeCalls.unlock();
        }
    }

    /** The bytes waiting in the PTY now ({@code FIONREAD}); under the lock, with the master open. */
    private int waiting() {
        return C.ioctl(masterFd, FIONREAD, count) == 0 ? Math.max(0, count.getInt(0)) : 0;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0 || masterFd < 0) {
            return super.read(buffer, offset, length);
        }
        boolean polled = false;
        while (true) {
            nativeCalls.lock();
            try {
                if (closed) {
                    return -1;
                }
                // Counted under the lock right before the read: a read of the master blocks when nothing waits, and
                // what waited a moment ago can be gone (the terminal's Ctrl-C flushes it).
                int ready = waiting();
                if (ready > 0) {
                    int want = Math.min(Math.min(length, DIRECT_READ), ready);
                    long n = C.read(masterFd, direct, new NativeLong(want)).longValue();
                    if (n > 0) {
                        direct.read(0, buffer, offset, (int) n);
                        return (int) n;
                    }
                }
            } finally {
                nativeCalls.unlock();
            }
            if (polled) {
                // poll said readable and nothing could be read: pty4j's read tells what that was (and, should poll
                // keep saying so, waits in pty4j's poll and read instead of turning this loop into a busy one).
                return super.read(buffer, offset, length);
            }
            switch (awaitOutput()) {
                case CLOSED -> {
                    return -1;
                }
                case UNKNOWN -> {
                    // Not under the lock: pty4j's read may wait, and says why there was nothing (an error, the end).
                    return super.read(buffer, offset, length);
                }
                case READABLE -> polled = true;
            }
        }
    }

    private enum Wait {
        READABLE,
        CLOSED,
        /** The shell's end, an error, or no pipe to be woken by: pty4j's stream is asked. */
        UNKNOWN
    }

    /** Waits until the master has output, or this stream is closed. */
    private Wait awaitOutput() {
        nativeCalls.lock();
        try {
            if (closed) {
                releasePipe();
                return Wait.CLOSED;
            }
            if (wakeRead < 0) {
                return Wait.UNKNOWN;
            }
            pollFds.setInt(0, masterFd);
            pollFds.setShort(4, POLLIN);
            pollFds.setShort(6, (short) 0);
            pollFds.setInt(POLLFD_SIZE, wakeRead);
            pollFds.setShort(POLLFD_SIZE + 4, POLLIN);
            pollFds.setShort(POLLFD_SIZE + 6, (short) 0);
            polling = true;
        } finally {
            nativeCalls.unlock();
        }
        int ready;
        try {
            do {
                // A close from here on has written to the pipe, which stays open while polling: the wait ends even
                // if the master's number is reused meanwhile.
                ready = C.poll(pollFds, new NativeLong(2), -1);
            } while (ready < 0 && Native.getLastError() == EINTR);
        } catch (RuntimeException | Error failed) {
            nativeCalls.lock();
            try {
                polling = false;
                releasePipe();
            } finally {
                nativeCalls.unlock();
            }
            throw failed;
        }
        nativeCalls.lock();
        try {
            polling = false;
            if (closed) {
                releasePipe();
                return Wait.CLOSED;
            }
            boolean readable = ready > 0 && (pollFds.getShort(6) & POLLIN) != 0;
            if (!readable) {
                // pty4j's stream reports the end; the pipe is not needed after it.
                releasePipe();
            }
            return readable ? Wait.READABLE : Wait.UNKNOWN;
        } finally {
            nativeCalls.unlock();
        }
    }

    /** Closes the wake-up pipe; under the lock, and never while a read polls it. */
    private void releasePipe() {
        if (wakeRead >= 0) {
            C.close(wakeRead);
            C.close(wakeWrite);
            wakeRead = -1;
            wakeWrite = -1;
        }
    }

    /** Closes the PTY with {@code closing} (which closes pty4j's streams) once no direct read is under way. */
    public void close(Runnable closing) {
        nativeCalls.lock();
        try {
            closed = true;
            if (wakeWrite >= 0) {
                direct.setByte(0, (byte) 1);
                C.write(wakeWrite, direct, new NativeLong(1));
            }
            closing.run();
        } finally {
            if (!polling) {
                releasePipe();
            }
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
