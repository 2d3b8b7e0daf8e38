package dev.porthole.server.terminalproxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a client's websocket to the runner's, frame by frame and in both directions, with demand-driven
 * backpressure: a side is read again only while less than {@link #WINDOW} bytes read from it wait to be written to
 * the other ({@link SendWindow}), so a slow browser slows the runner (which in turn stops reading the shell) and a
 * fast paste waits for the runner. Both sides
 * speak the same subprotocol, so frames pass unchanged (docs/terminal-protocol.md, "Through the server").
 */
final class TerminalRelay {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalRelay.class);
    /** A 1 MiB paste in one message, base64-encoded, still fits. */
    static final long MAX_MESSAGE = 4L * 1024 * 1024;
    /** Bytes each direction may have in flight: dozens of terminal frames, a fraction of the runner's flow window. */
    static final long WINDOW = 256 * 1024;

    static final Duration PING_INTERVAL = Duration.ofSeconds(30);
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(10);

    /** What the relay asks of its owner: whether to go on, and where to record the end. */
    interface Watch {
        /** Null to go on, or the sentence to close both sides with. {@code permission}: re-check who may debug. */
        String stopReason(boolean permission);

        void opened(String subprotocol);

        void ended(long bytesToRunner, long bytesToClient, String reason);
    }

    private final Watch watch;
    private final ScheduledExecutorService timer;
    private final RunnerSide runnerSide = new RunnerSide();
    private final ClientSide clientSide = new ClientSide();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicLong toRunner = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();
    private final SendWindow runnerToClient = new SendWindow(WINDOW, () -> this.runner.demand());
    private final SendWindow clientToRunner = new SendWindow(WINDOW, () -> this.client.demand());
    private final long permissionEvery;
    private volatile String subprotocol;
    private volatile Session runner;
    private volatile Session client;
    private volatile AutoCloseable runnerClient;
    private volatile ScheduledFuture<?> ticker;
    /** A runner frame that arrived before the client's upgrade completed; delivered once it has. */
    private Runnable early;
    /** How the relay ended before the client's upgrade completed (the runner closed first); told to the client. */
    private Ending endedEarly;

    private record Ending(int code, String clientReason, String recordReason) {}

    private long ticks;

    TerminalRelay(Watch watch, ScheduledExecutorService timer, Duration permissionInterval) {
        this.watch = watch;
        this.timer = timer;
        this.permissionEvery = Math.max(1, permissionInterval.toMillis() / WATCH_INTERVAL.toMillis());
    }

    /** The listener to dial the runner with. */
    Object runnerListener() {
        return runnerSide;
    }

    /** The endpoint to upgrade the client's request with, once the runner answered. */
    Object clientEndpoint(DialOutcome.Connected connected) {
        this.runner = connected.runner();
        this.subprotocol = connected.subprotocol();
        this.runnerClient = connected.client();
        if (finished.get()) {
            // The runner left while the dial was returning: nothing else will let its client go.
            stopRunnerClient();
        }
        return clientSide;
    }

    /** The client's upgrade did not happen: let the runner go. */
    void abandon(String reason) {
        finish(StatusCode.NORMAL, reason, "the client's upgrade failed");
    }

    private void start(Session clientSession) {
        Runnable pending;
        Ending ended;
        synchronized (this) {
            this.client = clientSession;
            pending = early;
            early = null;
            ended = endedEarly;
        }
        watch.opened(subprotocol);
        if (pending != null) {
            LOG.debug("delivering the runner's first frame, which came before the client's upgrade completed");
            pending.run();
        }
        if (ended != null) {
            // Queued behind the early frame, so the client sees what the runner said before it left.
            clientSession.close(ended.code(), truncate(ended.clientReason()), Callback.NOOP);
            watch.ended(toRunner.get(), toClient.get(), ended.recordReason());
            return;
        }
        long everyMillis = WATCH_INTERVAL.toMillis();
        ticker = timer.scheduleAtFixedRate(this::tick, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        if (finished.get()) {
            // Ended while the ticker was being made, so finish() could not cancel it.
            ticker.cancel(false);
        }
        clientSession.demand();
    }

    private void tick() {
        try {
            ticks++;
            String stop = watch.stopReason(ticks % permissionEvery == 0);
            if (stop != null) {
                finish(StatusCode.NORMAL, stop, stop);
                return;
            }
            if ((ticks * WATCH_INTERVAL.toMillis()) % PING_INTERVAL.toMillis() == 0) {
                ping(runner);
                ping(client);
            }
        } catch (RuntimeException e) {
            LOG.warn("terminal watch failed; it runs again in {}", WATCH_INTERVAL, e);
        }
    }

    private static void ping(Session session) {
        if (session != null && session.isOpen()) {
            session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    /** Closes both sides (once) with the code and reason given to the client, and records how it ended. */
    private void finish(int code, String clientReason, String recordReason) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        Session c;
        synchronized (this) {
            c = client;
            if (c == null) {
                endedEarly = new Ending(code, clientReason, recordReason);
            }
        }
        if (c != null && c.isOpen()) {
            c.close(code, truncate(clientReason), Callback.NOOP);
        }
        Session r = runner;
        if (r != null && r.isOpen()) {
            r.close(StatusCode.NORMAL, truncate("Terminal closed by the server: " + recordReason), Callback.NOOP);
        }
        stopRunnerClient();
        if (c != null) {
            watch.ended(toRunner.get(), toClient.get(), recordReason);
        }
    }

    /** Lets the runner's websocket client go (once), after the close handshake has had time to complete. */
    private void stopRunnerClient() {
        AutoCloseable stopper = runnerClient;
        if (stopper != null) {
            // Stopping the client waits for the close handshake; not on a websocket thread.
            timer.schedule(
                    () -> {
                        try {
                            stopper.close();
                        } catch (Exception e) {
                            LOG.debug("stopping a runner connection's client failed", e);
                        }
                    },
                    2,
                    TimeUnit.SECONDS);
        }
    }

    /** Close reasons are at most {@value DialFailure#MAX_REASON_BYTES} bytes of UTF-8. */
    static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= DialFailure.MAX_REASON_BYTES) {
            return reason;
        }
        String cut = new String(bytes, 0, DialFailure.MAX_REASON_BYTES - 3, StandardCharsets.UTF_8);
        // A multi-byte character cut in two decodes as U+FFFD; drop it.
        return cut.replace("\uFFFD", "") + "…";
    }

    /** The bytes that tell the shell its terminal went away (EOT), as this subprotocol carries input. */
    private void sendEndOfTransmission(Callback then) {
        Session r = runner;
        if (r == null || !r.isOpen()) {
            then.succeed();
            return;
        }
        switch (subprotocol) {
            case TerminalSubprotocols.PORTHOLE_V1 -> r.sendBinary(ByteBuffer.wrap(new byte[] {0x01, 0x04}), then);
            case TerminalSubprotocols.GITLAB_BASE64 -> r.sendText("BA==", then);
            default -> r.sendBinary(ByteBuffer.wrap(new byte[] {0x04}), then);
        }
    }

    /** Whether the client is there; if not, {@code delivery} runs when it is. */
    private synchronized boolean clientReady(Runnable delivery) {
        if (client == null) {
            early = delivery;
            return false;
        }
        return true;
    }

    /**
     * The runner's websocket, read on demand: the next frame only while less than {@link #WINDOW} bytes wait to be written to the client. The
     * runner speaks first (its hello), possibly before the client's upgrade has completed; that frame waits.
     */
    public final class RunnerSide implements Session.Listener {
        /** Demands the first frame now: if it comes before the client is there, it waits in {@link #early}. */
        @Override
        public void onWebSocketOpen(Session session) {
            session.setMaxBinaryMessageSize(MAX_MESSAGE);
            session.setMaxTextMessageSize(MAX_MESSAGE);
            session.demand();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            if (!clientReady(() -> onWebSocketBinary(payload, callback))) {
                return;
            }
            int size = payload.remaining();
            boolean more = runnerToClient.take(size);
            client.sendBinary(
                    payload,
                    Callback.from(
                            () -> {
                                toClient.addAndGet(size);
                                callback.succeed();
                                runnerToClient.written(size);
                            },
                            failure -> {
                                callback.fail(failure);
                                finish(StatusCode.SERVER_ERROR, "Lost the browser connection", "client write failed");
                            }));
            if (more) {
                runner.demand();
            }
        }

        @Override
        public void onWebSocketText(String text) {
            if (!clientReady(() -> onWebSocketText(text))) {
                return;
            }
            int size = text.length();
            boolean more = runnerToClient.take(size);
            client.sendText(
                    text,
                    Callback.from(
                            () -> {
                                toClient.addAndGet(size);
                                runnerToClient.written(size);
                            },
                            failure -> finish(
                                    StatusCode.SERVER_ERROR, "Lost the browser connection", "client write failed")));
            if (more) {
                runner.demand();
            }
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            String why = reason == null || reason.isBlank() ? "The runner closed the terminal" : reason;
            int forward;
            if (code == StatusCode.NO_CODE || code == StatusCode.SHUTDOWN) {
                forward = StatusCode.NORMAL;
            } else if (CloseStatus.isTransmittableStatusCode(code)) {
                forward = code;
            } else {
                // 1006 (no close frame), 1015 (TLS): the runner did not close, the connection broke.
                why = "Lost the connection to the runner";
                forward = StatusCode.SERVER_ERROR;
            }
            finish(forward, why, "runner: " + why);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            LOG.debug("runner side of a terminal failed", cause);
            finish(StatusCode.SERVER_ERROR, "Lost the connection to the runner", "runner error: " + cause);
        }
    }

    /** The client's websocket (a browser, or a command-line client with a token). */
    public final class ClientSide implements Session.Listener {
        @Override
        public void onWebSocketOpen(Session session) {
            session.setMaxBinaryMessageSize(MAX_MESSAGE);
            session.setMaxTextMessageSize(MAX_MESSAGE);
            session.setIdleTimeout(Duration.ofMinutes(2));
            start(session);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            int size = payload.remaining();
            boolean more = clientToRunner.take(size);
            runner.sendBinary(
                    payload,
                    Callback.from(
                            () -> {
                                toRunner.addAndGet(size);
                                callback.succeed();
                                clientToRunner.written(size);
                            },
                            failure -> {
                                callback.fail(failure);
                                finish(
                                        StatusCode.SERVER_ERROR,
                                        "Lost the connection to the runner",
                                        "runner write failed");
                            }));
            if (more) {
                client.demand();
            }
        }

        @Override
        public void onWebSocketText(String text) {
            int size = text.length();
            boolean more = clientToRunner.take(size);
            runner.sendText(
                    text,
                    Callback.from(
                            () -> {
                                toRunner.addAndGet(size);
                                clientToRunner.written(size);
                            },
                            failure -> finish(
                                    StatusCode.SERVER_ERROR,
                                    "Lost the connection to the runner",
                                    "runner write failed")));
            if (more) {
                client.demand();
            }
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            String why = "client closed (" + code + (reason == null || reason.isBlank() ? "" : ", " + reason) + ")";
            sendEndOfTransmission(Callback.from(
                    () -> finish(StatusCode.NORMAL, why, why), failure -> finish(StatusCode.NORMAL, why, why)));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            LOG.debug("client side of a terminal failed", cause);
            sendEndOfTransmission(Callback.NOOP);
            finish(StatusCode.SERVER_ERROR, "Terminal connection error", "client error: " + cause);
        }
    }
}
