package dev.porthole.runner.session;

import dev.porthole.protocol.runnerapi.SessionInfo;
import dev.porthole.protocol.terminal.TerminalStatus;
import dev.porthole.runner.terminal.InteractiveTerminal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One job's terminal endpoint: its URL and authorization token, the job's {@link InteractiveTerminal} once the
 * executor offers it, and at most one terminal connection at a time. Made for each job request; a job that came
 * keeps it until it ends, otherwise it is ended at once.
 */
public final class TerminalSession {
    private static final Duration CLEANUP_PATIENCE = Duration.ofSeconds(15);

    private final SessionServer server;
    private final String id;
    private final String token;
    private final byte[] tokenBytes;
    private final URI url;
    private final CompletableFuture<InteractiveTerminal> terminal = new CompletableFuture<>();
    private final Object lock = new Object();
    private TerminalConnection active;
    /** Connections whose shell may still be running: the one active, and ended ones still being cleaned up. */
    private final Set<TerminalConnection> live = ConcurrentHashMap.newKeySet();

    private boolean reserved;
    private boolean ended;

    TerminalSession(SessionServer server, String id, String token, URI url) {
        this.server = server;
        this.id = id;
        this.token = token;
        this.tokenBytes = token.getBytes(StandardCharsets.UTF_8);
        this.url = url;
    }

    String id() {
        return id;
    }

    /** The session's id as logs show it: enough to tell sessions apart, too little to connect with. */
    String shortId() {
        return id.substring(0, 8);
    }

    /** What the runner tells the server in {@code POST /jobs/request}. */
    public SessionInfo info() {
        return new SessionInfo(url.toString(), server.certificatePem(), token);
    }

    /** How long the job waits for a connected terminal after its scripts, at most. */
    public Duration timeout() {
        return server.sessionTimeout();
    }

    /**
     * Whether an {@code Authorization} header carries this session's token, compared in constant time so that
     * response times reveal nothing about the token.
     */
    boolean authorizes(String authorization) {
        if (authorization == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenBytes, authorization.getBytes(StandardCharsets.UTF_8));
    }

    /** The executor's terminal is ready: connections waiting for it go on. */
    public void attach(InteractiveTerminal interactive) {
        terminal.complete(interactive);
    }

    /** Whether a terminal is connected now. */
    public boolean connected() {
        synchronized (lock) {
            return active != null;
        }
    }

    /** What a connection found when it asked for the job's terminal. */
    sealed interface Readiness {
        record Ready(InteractiveTerminal terminal) implements Readiness {}

        /** The executor did not offer a terminal in time. */
        record NotReady() implements Readiness {}

        /** The session ended meanwhile. */
        record Ended() implements Readiness {}
    }

    Readiness awaitTerminal(Duration within) throws InterruptedException {
        try {
            return new Readiness.Ready(terminal.get(within.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return new Readiness.NotReady();
        } catch (ExecutionException e) {
            return new Readiness.Ended();
        }
    }

    /** Takes the session's one connection slot; false when a terminal is connected (or connecting). */
    boolean reserve() {
        synchronized (lock) {
            if (ended || reserved || active != null) {
                return false;
            }
            reserved = true;
            return true;
        }
    }

    /** The reserved slot now holds this connection; false (slot freed) when the session ended meanwhile. */
    boolean occupy(TerminalConnection connection) {
        synchronized (lock) {
            reserved = false;
            if (ended) {
                return false;
            }
            active = connection;
            live.add(connection);
            connection.whenCleanedUp(() -> live.remove(connection));
            return true;
        }
    }

    /** Frees the slot taken by {@link #reserve()} without a connection. */
    void unreserve() {
        synchronized (lock) {
            reserved = false;
        }
    }

    /** A connection ended: the slot is free again. */
    void released(TerminalConnection connection) {
        synchronized (lock) {
            if (active == connection) {
                active = null;
            }
        }
    }

    /** The connected terminal, if any. */
    TerminalConnection activeConnection() {
        synchronized (lock) {
            return active;
        }
    }

    boolean ended() {
        synchronized (lock) {
            return ended;
        }
    }

    /**
     * Keeps the job waiting while a terminal is connected: tells the client the job finished and counts down, and
     * returns when the terminal disconnects, when {@code stop} completes, or when {@code limit} is up. On time-out
     * the terminal is left connected for the caller to close with its message.
     *
     * @param result {@code success} or {@code failed}, what the job will report
     */
    public HoldOutcome hold(String result, Duration limit, CompletableFuture<?> stop) throws InterruptedException {
        TerminalConnection connection;
        synchronized (lock) {
            connection = active;
        }
        if (connection == null) {
            return new HoldOutcome.NotConnected();
        }
        long deadline = System.nanoTime() + limit.toNanos();
        connection.status(new TerminalStatus.JobFinished(result, limit.toSeconds()));
        long every = server.timings().pingInterval().toMillis();
        ScheduledFuture<?> countdown = server.scheduler()
                .scheduleAtFixedRate(
                        () -> connection.status(new TerminalStatus.Countdown(
                                Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())))),
                        every,
                        every,
                        TimeUnit.MILLISECONDS);
        try {
            CompletableFuture.anyOf(connection.disconnected(), stop).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new HoldOutcome.TimedOut();
        } catch (ExecutionException e) {
            // the stop future failed: it still means stop
        } finally {
            countdown.cancel(false);
        }
        return connection.disconnected().isDone() ? new HoldOutcome.Disconnected() : new HoldOutcome.Stopped();
    }

    /** Closes the connected terminal, if any, telling the client why; the session stays. */
    public void disconnect(EndReason reason, String message) {
        TerminalConnection connection;
        synchronized (lock) {
            connection = active;
        }
        if (connection != null) {
            connection.close(reason, message);
            connection.awaitCleanup(CLEANUP_PATIENCE);
        }
    }

    /**
     * Ends the session: it accepts no connection anymore, its URL answers 404, and a connected terminal is closed
     * and its processes killed before this returns.
     */
    public void end(EndReason reason, String message) {
        TerminalConnection connection;
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
            connection = active;
        }
        server.forget(this);
        terminal.completeExceptionally(new IllegalStateException("the session ended"));
        if (connection != null) {
            connection.close(reason, message);
        }
        // Also a terminal that disconnected a moment ago and whose shell is still in its grace period.
        for (TerminalConnection ending : List.copyOf(live)) {
            ending.awaitCleanup(CLEANUP_PATIENCE);
        }
    }

    SessionServer server() {
        return server;
    }
}
