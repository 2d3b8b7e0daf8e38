package dev.porthole.runner.trace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;

/**
 * A job's whole log as the server should see it: masked, and cut at {@code output_limit} with a line that says so.
 * It keeps every byte, so that the uploader can resend from any offset the server asks for. Thread-safe: the
 * script's output and the runner's own lines are written from different threads.
 */
public final class JobTrace {
    private static final String ANSI_BOLD_GREEN = "\u001b[32;1m";
    private static final String ANSI_BOLD_RED = "\u001b[31;1m";
    private static final String ANSI_BOLD_YELLOW = "\u001b[0;33m";
    private static final String ANSI_RESET = "\u001b[0;m";

    private final ReentrantLock lock = new ReentrantLock();
    private final SecretMasker masker;
    private final long limit;
    private byte[] buffer = new byte[8192];
    private int length;
    private boolean limitReached;
    private boolean finished;

    public JobTrace(SecretMasker masker, long limitBytes) {
        this.masker = masker;
        this.limit = limitBytes;
    }

    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    public void write(byte[] data, int offset, int count) {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            append(masker.process(Arrays.copyOfRange(data, offset, offset + count)));
        } finally {
            lock.unlock();
        }
    }

    /** A line the runner itself writes. */
    public void line(String text) {
        write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void info(String text) {
        line(ANSI_BOLD_GREEN + text + ANSI_RESET);
    }

    public void warning(String text) {
        line(ANSI_BOLD_YELLOW + "WARNING: " + text + ANSI_RESET);
    }

    public void error(String text) {
        line(ANSI_BOLD_RED + "ERROR: " + text + ANSI_RESET);
    }

    /** Opens a collapsible section, with GitLab's markers, which its UI and Porthole's fold. */
    public void sectionStart(String name, String header) {
        write(("section_start:" + epochSeconds() + ":" + name + "\r\u001b[0K" + ANSI_BOLD_GREEN + header + ANSI_RESET
                        + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    public void sectionEnd(String name) {
        write(("section_end:" + epochSeconds() + ":" + name + "\r\u001b[0K").getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the log: releases what the masker held back. Later writes are dropped. */
    public void finish() {
        lock.lock();
        try {
            if (!finished) {
                append(masker.flush());
                finished = true;
            }
        } finally {
            lock.unlock();
        }
    }

    public long length() {
        lock.lock();
        try {
            return length;
        } finally {
            lock.unlock();
        }
    }

    public boolean isFinished() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    /** At most {@code max} bytes from {@code offset}. */
    public byte[] read(long offset, int max) {
        lock.lock();
        try {
            int from = (int) Math.min(offset, length);
            return Arrays.copyOfRange(buffer, from, (int) Math.min(length, from + (long) max));
        } finally {
            lock.unlock();
        }
    }

    /** {@code crc32:<hex>} of the whole log, as gitlab-runner reports it. */
    public String checksum() {
        lock.lock();
        try {
            var crc = new CRC32();
            crc.update(buffer, 0, length);
            return String.format("crc32:%08x", crc.getValue());
        } finally {
            lock.unlock();
        }
    }

    private void append(byte[] data) {
        if (limitReached || data.length == 0) {
            return;
        }
        int room = (int) Math.max(0, limit - length);
        if (data.length > room) {
            grow(room);
            System.arraycopy(data, 0, buffer, length, room);
            length += room;
            limitReached = true;
            byte[] notice = ("\n" + ANSI_BOLD_YELLOW + "Job's log exceeded limit of " + limit + " bytes.\n"
                            + "Job execution will continue but no more output will be collected." + ANSI_RESET + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            grow(notice.length);
            System.arraycopy(notice, 0, buffer, length, notice.length);
            length += notice.length;
            return;
        }
        grow(data.length);
        System.arraycopy(data, 0, buffer, length, data.length);
        length += data.length;
    }

    private void grow(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }

    private static long epochSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
