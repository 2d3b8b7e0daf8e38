package dev.porthole.runner.session;

import dev.porthole.protocol.terminal.MalformedFrameException;
import dev.porthole.protocol.terminal.TerminalFrame;
import dev.porthole.protocol.terminal.TerminalFrames;
import dev.porthole.protocol.terminal.TerminalStatus;
import dev.porthole.protocol.terminal.TerminalSubprotocol;
import dev.porthole.runner.terminal.FlowWindow;
import dev.porthole.runner.terminal.TerminalProcess;
import dev.porthole.runner.terminal.TerminalSize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One terminal connection: a websocket (Jetty, explicit demand) bridged to one shell, in the negotiated
 * subprotocol. Output is read from the PTY only under the {@link FlowWindow}'s credit: with Porthole's subprotocol
 * the client's acknowledgements free it, with GitLab's the completed websocket writes do. Input is queued for its
 * {@link InputWriter}; the next message is read only while less than {@link #INPUT_QUEUE_LIMIT} waits, so acks and
 * resizes keep flowing while a program is slow to read a paste. Pings go out every 30 seconds.
 *
 * <p>Public because Jetty calls it; the session server creates it.
 */
public final class TerminalConnection implements Session.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalConnection.class);
    static final long INPUT_QUEUE_LIMIT = 4 << 20;
    /** The most output one frame carries when output is continuous. */
    static final int FRAME_LIMIT = 64 * 1024;
    /** Websocket close reasons must fit in 123 bytes. */
    private static final int MAX_REASON = 120;

    private final TerminalSession owner;
    private final TerminalProcess process;
    private final TerminalSubprotocol protocol;
    private final FlowWindow window;
    private final CompletableFuture<Void> disconnected = new CompletableFuture<>();
    private final CompletableFuture<Void> cleanedUp = new CompletableFuture<>();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final AtomicBoolean opened = new AtomicBoolean();
    private final InputWriter input;
    private final AtomicBoolean demandOwed = new AtomicBoolean();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile Session session;
    private final List<TerminalStatus> early = new ArrayList<>();
    private volatile ScheduledFuture<?> pings;

    /**
     * @param protocol the negotiated subprotocol; {@link TerminalSubprotocol#GITLAB} also stands for none
     * @param window the output window: {@link FlowWindow#DEFAULT_SIZE} unless a test wants another
     */
    TerminalConnection(
            TerminalSession owner, TerminalProcess process, TerminalSubprotocol protocol, FlowWindow window) {
        this.owner = owner;
        this.process = process;
        this.protocol = protocol;
        this.window = window;
        this.input = new InputWriter(process.input(), owner.server().inputThreads(), new InputWriter.Listener() {
            @Override
            public void written(int bytes) {
                bytesIn.addAndGet(bytes);
                payDemand();
            }

            @Override
            public void failed(IOException cause) {
                finish("the terminal stopped taking input: " + describe(cause));
            }
        });
    }

    CompletableFuture<Void> disconnected() {
        return disconnected;
    }

    FlowWindow window() {
        return window;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        synchronized (early) {
            this.session = opened;
            if (protocol == TerminalSubprotocol.PORTHOLE_V1) {
                status(new TerminalStatus.Hello(TerminalFrames.VERSION, window.size()));
                early.forEach(this::status);
            }
            early.clear();
        }
        this.opened.set(true);
        // A platform thread: the PTY's reads block in native code (pty4j), where a virtual thread keeps its carrier.
        // On virtual threads, as many idle terminals as the machine has cores would hold every carrier, and every
        // other terminal, job and connection of the runner would stop.
        Thread.ofPlatform().daemon().name("terminal-out-" + owner.shortId()).start(this::pumpOutput);
        long every = owner.server().timings().pingInterval().toMillis();
        pings = owner.server().scheduler().scheduleAtFixedRate(this::ping, every, every, TimeUnit.MILLISECONDS);
        LOG.info(
                "terminal connected to the session {}... of a job ({}, from {})",
                owner.shortId(),
                protocol.token(),
                opened.getRemoteSocketAddress());
        opened.demand();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            switch (protocol) {
                case PORTHOLE_V1 -> handle(TerminalFrames.decode(payload));
                case GITLAB -> queueInput(copy(payload));
                case GITLAB_BASE64 -> queueInput(Base64.getDecoder().decode(copy(payload)));
            }
        } catch (MalformedFrameException e) {
            callback.succeed();
            fail(StatusCode.PROTOCOL, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            callback.succeed();
            fail(StatusCode.BAD_PAYLOAD, e.getMessage());
            return;
        }
        callback.succeed();
        demandWhenRoom();
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            switch (protocol) {
                case PORTHOLE_V1 -> {
                    fail(StatusCode.BAD_DATA, protocol.token() + " carries binary frames only");
                    return;
                }
                case GITLAB -> queueInput(text.getBytes(StandardCharsets.UTF_8));
                case GITLAB_BASE64 -> queueInput(Base64.getDecoder().decode(text));
            }
        } catch (IllegalArgumentException e) {
            fail(StatusCode.BAD_PAYLOAD, "not base64: " + e.getMessage());
            return;
        }
        demandWhenRoom();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        session.sendPong(payload, Callback.NOOP);
        session.demand();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        session.demand();
    }

    @Override
    public void onWebSocketClose(int code, String reason, Callback callback) {
        finish("the connection closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        finish("the connection failed: " + describe(cause));
    }

    private void handle(TerminalFrame frame) throws MalformedFrameException {
        switch (frame) {
            case TerminalFrame.Input input -> queueInput(copy(input.data()));
            case TerminalFrame.Resize resize -> {
                try {
                    process.resize(new TerminalSize(resize.columns(), resize.rows()));
                } catch (IOException e) {
                    LOG.debug("resizing the terminal failed: {}", e.getMessage());
                }
            }
            case TerminalFrame.Ack ack -> {
                try {
                    window.acknowledgeTotal(ack.totalBytes());
                } catch (IllegalArgumentException e) {
                    throw new MalformedFrameException(e.getMessage());
                }
            }
            case TerminalFrame.Output output ->
                throw new MalformedFrameException("clients do not send output frames (type 0x02)");
            case TerminalFrame.Status status ->
                throw new MalformedFrameException("clients do not send status frames (type 0x05)");
            case TerminalFrame.Unknown unknown -> {
                // a newer client's frame: ignored, as the protocol says
            }
        }
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private void queueInput(byte[] data) {
        input.write(data);
    }

    /** Asks Jetty for the next message now, or once the writer has drained the queue below the limit. */
    private void demandWhenRoom() {
        demandOwed.set(true);
        payDemand();
    }

    private void payDemand() {
        if (input.queued() <= INPUT_QUEUE_LIMIT && demandOwed.compareAndSet(true, false) && !finishing.get()) {
            session.demand();
        }
    }

    private void pumpOutput() {
        int chunk = process.readChunk();
        byte[] small = new byte[chunk];
        // Only while output keeps coming: an idle terminal holds its small buffer alone.
        byte[] large = null;
        InputStream out = process.output();
        try {
            while (true) {
                int credit = window.awaitCredit(chunk);
                if (credit == 0) {
                    return;
                }
                int n = out.read(small, 0, credit);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                window.sent(n);
                if (out.available() == 0) {
                    large = null;
                    send(small, n);
                    continue;
                }
                // More is waiting already: it goes into the same frame, so that continuous output costs a frame
                // (and a TLS record, and a relay on the server) per FRAME_LIMIT instead of per read.
                if (large == null) {
                    large = new byte[FRAME_LIMIT];
                }
                System.arraycopy(small, 0, large, 0, n);
                int filled = n;
                boolean ended = false;
                while (filled + chunk <= large.length && out.available() > 0) {
                    int more = window.credit(chunk);
                    if (more == 0) {
                        break;
                    }
                    int m = out.read(large, filled, more);
                    if (m < 0) {
                        ended = true;
                        break;
                    }
                    window.sent(m);
                    filled += m;
                }
                send(large, filled);
                if (ended) {
                    break;
                }
            }
        } catch (IOException e) {
            // the terminal's side is closed: the shell is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!finishing.get()) {
            shellEnded();
        }
    }

    private void send(byte[] buffer, int n) {
        bytesOut.addAndGet(n);
        Session s = session;
        switch (protocol) {
            case PORTHOLE_V1 ->
                s.sendBinary(TerminalFrames.output(buffer, 0, n), Callback.from(() -> {}, this::sendFailed));
            case GITLAB ->
                s.sendBinary(
                        ByteBuffer.wrap(Arrays.copyOf(buffer, n)),
                        Callback.from(() -> window.acknowledge(n), this::sendFailed));
            case GITLAB_BASE64 ->
                s.sendText(
                        Base64.getEncoder().encodeToString(Arrays.copyOf(buffer, n)),
                        Callback.from(() -> window.acknowledge(n), this::sendFailed));
        }
    }

    private void sendFailed(Throwable cause) {
        finish("sending to the client failed: " + describe(cause));
    }

    /** Jetty's end-of-stream and closed-channel failures carry no message: their kind is what says something. */
    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private void shellEnded() {
        Integer code = null;
        try {
            code = process.exited().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (code != null) {
            status(new TerminalStatus.Exited(code));
        }
        closeWith(StatusCode.NORMAL, code == null ? "the shell ended" : "shell exited with code " + code);
    }

    /** Sends a status frame: only Porthole's subprotocol has them. */
    void status(TerminalStatus status) {
        synchronized (early) {
            // The session becomes the active one at the upgrade, before the socket opens: what the job says in
            // between (it finished, say) waits for the opening instead of being lost.
            if (session == null) {
                early.add(status);
                return;
            }
        }
        Session s = session;
        if (protocol == TerminalSubprotocol.PORTHOLE_V1 && s != null && s.isOpen() && !finishing.get()) {
            s.sendBinary(TerminalFrames.encode(new TerminalFrame.Status(status)), Callback.NOOP);
        }
    }

    private void ping() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendPing(ByteBuffer.allocate(0), Callback.from(() -> {}, this::sendFailed));
        }
    }

    /** Closes the connection for this reason, telling the client first. */
    void close(EndReason reason, String message) {
        status(new TerminalStatus.Closing(reason.code(), message));
        closeWith(StatusCode.SHUTDOWN, message);
    }

    private void fail(int code, String message) {
        LOG.info("terminal of session {}... refused a frame: {}", owner.shortId(), message);
        closeWith(code, message);
    }

    private void closeWith(int code, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            String text = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
            s.close(code, text, Callback.NOOP);
        }
        finish(reason);
    }

    /** The upgrade did not happen, or the websocket never opened: end the shell. */
    void abandon(String why) {
        finish(why);
    }

    /** Ends the shell if the websocket has not opened by then: a client that vanished right after the upgrade. */
    void abandonUnlessOpenedWithin(Duration patience) {
        owner.server()
                .scheduler()
                .schedule(
                        () -> {
                            if (!opened.get()) {
                                Thread.ofVirtual().start(() -> abandon("the websocket never opened"));
                            }
                        },
                        patience.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    /**
     * Ends the connection once: no more input or output, the slot is free, and (on another thread) EOT to the
     * shell, then after a grace its processes are killed.
     */
    private void finish(String why) {
        if (!finishing.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> p = pings;
        if (p != null) {
            p.cancel(false);
        }
        window.close();
        input.close();
        owner.released(this);
        disconnected.complete(null);
        LOG.info(
                "terminal of the session {}... disconnected: {} ({} bytes in, {} bytes out)",
                owner.shortId(),
                why,
                bytesIn.get(),
                bytesOut.get());
        Thread.ofVirtual().name("terminal-close-" + owner.shortId()).start(() -> {
            try {
                process.close();
            } finally {
                cleanedUp.complete(null);
            }
        });
    }

    /** Waits until the shell's processes are gone after the connection ended. */
    void awaitCleanup(Duration within) {
        try {
            cleanedUp.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("the terminal of session {}... took longer than {} to end", owner.shortId(), within);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code action} once the shell's processes are gone after the connection ended. */
    void whenCleanedUp(Runnable action) {
        cleanedUp.whenComplete((unused, failure) -> action.run());
    }
}
