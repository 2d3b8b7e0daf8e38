package dev.porthole.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Times a terminal's output as it arrives, on the thread that receives it: the round trip of a keystroke (from
 * {@link #keystrokeSent} to the first output after it) and the arrival of a marker text.
 */
final class OutputClock {
    private static final int MARKER_SCAN = 4096;

    private final Object lock = new Object();
    private long received;
    private long sentAt;
    private long lastRoundTrip = -1;
    private byte[] marker;
    private byte[] carry = new byte[0];
    private long markerAt;
    private volatile LongConsumer roundTrips = nanos -> {};
    /** The last bytes received, for messages when something does not come. */
    private final byte[] recent = new byte[200];

    private int recentLength;

    /** Every keystroke's round trip from now on also goes here (nanoseconds), on the receiving thread. */
    void onRoundTrip(LongConsumer sink) {
        roundTrips = sink;
    }

    /** A keystroke goes out now: the next output is its echo. */
    void keystrokeSent() {
        synchronized (lock) {
            lastRoundTrip = -1;
            sentAt = System.nanoTime();
        }
    }

    void arrived(ByteBuffer data) {
        long now = System.nanoTime();
        long roundTrip = -1;
        synchronized (lock) {
            received += data.remaining();
            remember(data);
            if (sentAt != 0) {
                roundTrip = now - sentAt;
                lastRoundTrip = roundTrip;
                sentAt = 0;
            }
            if (marker != null && markerAt == 0 && contains(data)) {
                markerAt = now;
            }
            if (roundTrip >= 0 || markerAt != 0) {
                lock.notifyAll();
            }
        }
        if (roundTrip >= 0) {
            roundTrips.accept(roundTrip);
        }
    }

    private void remember(ByteBuffer data) {
        int n = Math.min(data.remaining(), recent.length);
        int keep = Math.min(recentLength, recent.length - n);
        System.arraycopy(recent, recentLength - keep, recent, 0, keep);
        data.duplicate().position(data.limit() - n).get(recent, keep, n);
        recentLength = keep + n;
    }

    /** What arrived last, for messages. */
    private String recentText() {
        return new String(recent, 0, recentLength, StandardCharsets.UTF_8)
                .replace("\r", "\\r")
                .replace("\n", "\\n")
                .replace("\u001b", "\\e");
    }

    /** Whether the marker is in the end of this chunk or spans from the previous one into it. */
    private boolean contains(ByteBuffer data) {
        int scanned = Math.min(data.remaining(), MARKER_SCAN);
        byte[] window = new byte[carry.length + scanned];
        System.arraycopy(carry, 0, window, 0, carry.length);
        data.duplicate().position(data.limit() - scanned).get(window, carry.length, scanned);
        int keep = Math.min(window.length, marker.length - 1);
        carry = java.util.Arrays.copyOfRange(window, window.length - keep, window.length);
        outer:
        for (int i = 0; i + marker.length <= window.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (window[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    long received() {
        synchronized (lock) {
            return received;
        }
    }

    /** The round trip of the last keystroke in nanoseconds, waiting for its echo. */
    long awaitRoundTrip(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (lock) {
            while (lastRoundTrip < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(
                            "no echo within " + within + " after " + received + " bytes, the last: " + recentText());
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return lastRoundTrip;
        }
    }

    /** Watches the output for this text from now on. */
    void watchFor(String text) {
        synchronized (lock) {
            marker = text.getBytes(StandardCharsets.UTF_8);
            carry = new byte[0];
            markerAt = 0;
        }
    }

    /** When (System.nanoTime) the watched text arrived, waiting for it. */
    long awaitMarker(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (lock) {
            while (markerAt == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no " + new String(marker, StandardCharsets.UTF_8) + " within "
                            + within + "; the last: " + recentText());
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            long at = markerAt;
            marker = null;
            return at;
        }
    }

    /** Waits until no output arrived for {@code quiet}: the shell is idle. */
    void awaitQuiet(Duration quiet, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long seen = received();
        while (System.nanoTime() < deadline) {
            Thread.sleep(quiet);
            long now = received();
            if (now == seen) {
                return;
            }
            seen = now;
        }
        throw new IllegalStateException("the terminal kept printing for " + within);
    }
}
