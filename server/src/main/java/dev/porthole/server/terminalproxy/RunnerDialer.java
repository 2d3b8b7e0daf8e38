package dev.porthole.server.terminalproxy;

import dev.porthole.server.outbound.OutboundSettings;
import dev.porthole.server.terminal.JobSession;
import jakarta.annotation.PreDestroy;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Dials a job's session on its runner: {@code wss://<session>/exec}, trusting only the session's certificate, sending
 * its authorization, connecting only to addresses the outbound policy allows at this moment. Terminals into the same
 * runner share a client ({@link PinnedClients}); all share threads and a scheduler.
 */
@Component
public class RunnerDialer {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerDialer.class);
    /** The runner itself waits up to 60 s for the job's terminal before answering 503. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(75);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final PinnedClients clients;
    private final QueuedThreadPool threads = new QueuedThreadPool(256, 2, 60_000);
    private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("terminal-proxy-timer", true);

    RunnerDialer(OutboundSettings outbound) throws Exception {
        threads.setName("terminal-proxy");
        threads.setDaemon(true);
        threads.start();
        scheduler.start();
        this.clients = new PinnedClients(threads, scheduler, outbound::current);
    }

    @PreDestroy
    void stop() throws Exception {
        scheduler.stop();
        threads.stop();
    }

    /**
     * Connects {@code listener} to the session, offering {@code subprotocols} in this order, asking for a terminal of
     * {@code cols}×{@code rows} when both are given. Blocks until the runner answered or {@link #ANSWER_TIMEOUT}.
     */
    DialOutcome dial(JobSession session, List<String> subprotocols, Integer cols, Integer rows, Object listener) {
        URI exec = execUri(session.url(), cols, rows);
        String where = exec.getHost() + ":" + (exec.getPort() == -1 ? 443 : exec.getPort());
        PinnedClients.Lease lease = null;
        CompletableFuture<Session> connecting = null;
        try {
            lease = clients.acquire(session.certificatePem());
            var request = new ClientUpgradeRequest(exec);
            request.setSubProtocols(subprotocols);
            request.setHeader("Authorization", session.authorization());
            connecting = lease.client().connect(listener, request);
            Session runner = connecting.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            String chosen = runner.getUpgradeResponse().getAcceptedSubProtocol();
            if (chosen == null || !subprotocols.contains(chosen)) {
                // The relay passes frames unchanged, so both hops must speak the same subprotocol.
                hangUp(runner);
                giveBack(lease);
                return new DialOutcome.Failed(
                        DialFailure.SUBPROTOCOL,
                        "The runner at " + where + " chose "
                                + (chosen == null || chosen.isEmpty() ? "no subprotocol" : "'" + chosen + "'")
                                + " of those offered (" + String.join(", ", subprotocols) + "). A stock"
                                + " gitlab-runner speaks terminal.gitlab.com and base64.terminal.gitlab.com only.");
            }
            return new DialOutcome.Connected(runner, chosen, lease);
        } catch (TimeoutException slow) {
            // An answer after this one is not wanted.
            connecting.thenAccept(late -> late.close(StatusCode.NORMAL, "Too late", Callback.NOOP));
            giveBack(lease);
            return new DialOutcome.Failed(
                    DialFailure.TIMEOUT,
                    "The runner at " + where + " did not answer within " + ANSWER_TIMEOUT.toSeconds()
                            + " seconds. It may be overloaded, or the network between this server and the runner"
                            + " drops the connection.");
        } catch (ExecutionException failed) {
            giveBack(lease);
            return explain(failed.getCause(), where, session);
        } catch (GeneralSecurityException unreadable) {
            giveBack(lease);
            return new DialOutcome.Failed(
                    DialFailure.CERTIFICATE,
                    "The certificate the runner announced for this job cannot be read. Restart the runner and the"
                            + " job.");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            giveBack(lease);
            return new DialOutcome.Failed(DialFailure.OTHER, "The server is stopping.");
        } catch (Exception unexpected) {
            giveBack(lease);
            LOG.warn("could not dial the terminal session of job {}", session.jobId(), unexpected);
            return new DialOutcome.Failed(
                    DialFailure.OTHER,
                    "Could not connect to the runner at " + where + " ("
                            + unexpected.getClass().getSimpleName() + "). See the server's log.");
        }
    }

    static URI execUri(String sessionUrl, Integer cols, Integer rows) {
        String base = sessionUrl.endsWith("/") ? sessionUrl.substring(0, sessionUrl.length() - 1) : sessionUrl;
        String size = cols != null && rows != null ? "?cols=" + cols + "&rows=" + rows : "";
        return URI.create("wss" + base.substring(base.indexOf(':')) + "/exec" + size);
    }

    private static DialOutcome explain(Throwable failure, String where, JobSession session) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // An upgrade that failed before any response (status -1 or 0) is not an answer: its cause says why.
            if (cause instanceof UpgradeException upgrade && upgrade.getResponseStatusCode() > 0) {
                return answered(upgrade.getResponseStatusCode(), where);
            }
            if (cause instanceof PolicyResolver.Refused refused) {
                return new DialOutcome.Failed(
                        DialFailure.POLICY,
                        refused.getMessage() + ": the runner's address " + where + " is not allowed now. An"
                                + " administrator can allow it in Admin › Settings › Network › Outbound requests.");
            }
            if (cause instanceof UnknownHostException) {
                return new DialOutcome.Failed(
                        DialFailure.UNREACHABLE,
                        "This server cannot resolve the runner's host (" + where + "). Check advertise_address in"
                                + " the runner's [session_server].");
            }
            if (cause instanceof SSLException || cause instanceof CertificateException) {
                return new DialOutcome.Failed(
                        DialFailure.CERTIFICATE,
                        "The runner at " + where + " did not present the certificate it announced for this job, or"
                                + " that certificate does not name " + host(where) + ". If the runner restarted,"
                                + " the job's session is gone; otherwise something between this server and the"
                                + " runner intercepts TLS.");
            }
            if (cause instanceof ConnectException
                    || cause instanceof NoRouteToHostException
                    || cause instanceof SocketTimeoutException) {
                return new DialOutcome.Failed(
                        DialFailure.UNREACHABLE,
                        "Cannot reach the runner at " + where + " (" + cause.getMessage() + "). Check that the"
                                + " runner is running and that a firewall lets this server reach its"
                                + " advertise_address.");
            }
        }
        LOG.warn("could not dial the terminal session of job {}", session.jobId(), failure);
        return new DialOutcome.Failed(
                DialFailure.OTHER,
                "Could not connect to the runner at " + where + " ("
                        + (failure == null
                                ? "unknown error"
                                : failure.getClass().getSimpleName())
                        + "). See the server's log.");
    }

    private static DialOutcome answered(int status, String where) {
        return switch (status) {
            case 401 ->
                new DialOutcome.Failed(
                        DialFailure.UNAUTHORIZED,
                        "The runner at " + where + " refused this job's session token. It may have restarted since"
                                + " the job began.");
            case 404 ->
                new DialOutcome.Failed(
                        DialFailure.NOT_RUNNING,
                        "The runner no longer has a session for this job: the job has ended, or the runner restarted.");
            case 423 ->
                new DialOutcome.Failed(
                        DialFailure.BUSY,
                        "Another terminal is already connected to this job. Close it, or wait until it disconnects.");
            case 503 ->
                new DialOutcome.Failed(
                        DialFailure.NOT_READY,
                        "The job's terminal was not ready within a minute: the job may still be preparing its"
                                + " environment. Try again in a moment.");
            default ->
                new DialOutcome.Failed(
                        DialFailure.OTHER, "The runner at " + where + " refused the terminal (HTTP " + status + ").");
        };
    }

    /** Closes a runner connection the server will not use, waiting briefly so that the close frame goes out. */
    private static void hangUp(Session runner) {
        var closed = new Callback.Completable();
        runner.close(StatusCode.PROTOCOL, "No terminal subprotocol in common", closed);
        try {
            closed.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("closing a runner connection without a common subprotocol: {}", e.toString());
        }
    }

    private static String host(String where) {
        return where.substring(0, where.lastIndexOf(':'));
    }

    private static void giveBack(PinnedClients.Lease lease) {
        if (lease != null) {
            lease.close();
        }
    }
}
