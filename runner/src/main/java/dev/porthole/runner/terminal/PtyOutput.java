package dev.porthole.runner.terminal;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A PTY's output as pty4j reads it, which can also tell how many bytes wait to be read ({@code FIONREAD} on the
 * PTY's master, on Linux): pty4j's own stream always says none, and a reader that knows more is waiting can put it
 * into the same websocket frame instead of sending one per 4 KiB read. Read by one thread, as pty4j's stream is.
 */
final class PtyOutput extends FilterInputStream {
    /** {@code FIONREAD} (also {@code TIOCINQ}) on Linux's common architectures. */
    private static final NativeLong FIONREAD = new NativeLong(0x541B);

    private final int masterFd;
    private final Memory count = new Memory(Integer.BYTES);

    /** The C library's {@code ioctl}, for the one request this class makes. */
    private interface C extends Library {
        C LIBRARY = Platform.isLinux() ? Native.load("c", C.class) : null;

        int ioctl(int fd, NativeLong request, Pointer argument);
    }

    /** @param masterFd the PTY master's file descriptor, or -1 when unknown (nothing is then said to wait) */
    PtyOutput(InputStream pty, int masterFd) {
        super(pty);
        this.masterFd = C.LIBRARY == null ? -1 : masterFd;
    }

    @Override
    public int available() throws IOException {
        if (masterFd < 0) {
            return 0;
        }
        if (C.LIBRARY.ioctl(masterFd, FIONREAD, count) != 0) {
            return 0; // closed meanwhile: the next read says so
        }
        return Math.max(0, count.getInt(0));
    }
}
