package dev.porthole.runner.session;

import dev.porthole.runner.config.SessionServerConfig;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's TLS session server (Jetty 12): made once at {@code run} start when {@code [session_server]} is
 * configured. It hands out a {@link TerminalSession} for each job request and serves their
 * {@code /session/<id>/exec} websocket endpoints. HTTP/1.1 only, TLS 1.2 and 1.3 only.
 */
public final class SessionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionServer.class);
    private static final int ID_BYTES = 32;
    /** Big enough for a 1 MiB paste, also as base64 text. */
    static final int MAX_MESSAGE_BYTES = 8 << 20;

    /**
     * The server's timings.
     *
     * @param terminalWait how long a connection waits for the job's terminal to be ready (then 503)
     * @param pingInterval how often an open connection is pinged, and a waiting job's countdown sent
     * @param idleTimeout how long a connection may go without reading or writing anything
     */
    public record Timings(Duration terminalWait, Duration pingInterval, Duration idleTimeout) {
        public static final Timings DEFAULT =
                new Timings(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    private final Server jetty;
    private final SessionCertificate certificate;
    private final SessionAddress listen;
    private volatile SessionAddress advertised;
    private final Duration sessionTimeout;
    private final Timings timings;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService inputThreads = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("terminal-input-", 0).daemon().factory());
    private final Map<String, TerminalSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private SessionServer(
            Server jetty,
            SessionCertificate certificate,
            SessionAddress listen,
            SessionAddress advertised,
            Duration sessionTimeout,
            Timings timings,
            ScheduledExecutorService scheduler) {
        this.jetty = jetty;
        this.certificate = certificate;
        this.listen = listen;
        this.advertised = advertised;
        this.sessionTimeout = sessionTimeout;
        this.timings = timings;
        this.scheduler = scheduler;
    }

    public static SessionServer start(SessionServerConfig config) throws SessionServerException {
        return start(config, Timings.DEFAULT);
    }

    public static SessionServer start(SessionServerConfig config, Timings timings) throws SessionServerException {
        SessionAddress listen = SessionAddress.parse(config.listenAddress());
        SessionAddress advertise = SessionAddress.parse(config.advertiseAddress());
        SessionCertificate certificate;
        char[] password =
                HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
        var tls = new SslContextFactory.Server();
        try {
            certificate = SessionCertificate.generate(advertise);
            tls.setKeyStore(certificate.keyStore(password));
        } catch (GeneralSecurityException e) {
            throw new SessionServerException("cannot make the session server's certificate: " + e.getMessage(), e);
        }
        tls.setKeyStorePassword(new String(password));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");

        var threads = new QueuedThreadPool(200, 2);
        threads.setName("session-server");
        // Handlers block (waiting for a job's terminal), so they run on virtual threads.
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("session-", 0).factory()));
        var jetty = new Server(threads);
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        var secure = new SecureRequestCustomizer();
        // The client checks the certificate against the name it dialled; the server serves one certificate anyway.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        var connector = new ServerConnector(
                jetty, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        jetty.addConnector(connector);

        ServerWebSocketContainer container = ServerWebSocketContainer.ensure(jetty);
        container.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        container.setMaxFrameSize(MAX_MESSAGE_BYTES);
        container.setIdleTimeout(timings.idleTimeout());

        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("session-timer").daemon().factory());
        var server =
                new SessionServer(jetty, certificate, listen, advertise, config.sessionTimeout(), timings, scheduler);
        jetty.setHandler(new ExecHandler(server, container));
        try {
            jetty.start();
        } catch (Exception e) {
            scheduler.shutdownNow();
            stopQuietly(jetty);
            String reason = e instanceof IOException && e.getCause() != null
                    ? e.getCause().getMessage()
                    : e.getMessage();
            throw new SessionServerException(
                    "cannot listen on " + config.listenAddress() + " ([session_server].listen_address): " + reason, e);
        }
        return server.bound(connector.getLocalPort());
    }

    /** Learns the port it listens on: port 0 in listen_address took any free one, which is then advertised. */
    private SessionServer bound(int port) {
        if (advertised.port() == 0) {
            advertised = advertised.withPort(port);
        }
        LOG.info(
                "session server listening on {} (TLS), advertised to the server as https://{}",
                listen.withPort(port),
                advertised);
        if (advertised.isWildcard()) {
            LOG.warn(
                    "[session_server].advertise_address is not set and listen_address {} is a wildcard: the server"
                            + " cannot connect to https://{}; set advertise_address to this machine's name or address"
                            + " as the server reaches it",
                    listen,
                    advertised);
        }
        return this;
    }

    /** A new session for one job request, with a random 256-bit id and token. */
    public TerminalSession open() {
        String id = randomHex();
        URI url = URI.create("https://" + advertised + "/session/" + id);
        var session = new TerminalSession(this, id, randomHex(), url);
        sessions.put(id, session);
        return session;
    }

    Optional<TerminalSession> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    void forget(TerminalSession session) {
        sessions.remove(session.id(), session);
    }

    /** The certificate clients must trust, as PEM. */
    public String certificatePem() {
        return certificate.pem();
    }

    /** {@code host:port} as the server is told to connect. */
    public String advertisedAddress() {
        return advertised.toString();
    }

    /** How long a job waits for its connected terminal after its scripts. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    Timings timings() {
        return timings;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Where terminals' input is written: threads that exist while some terminal has input waiting. */
    ExecutorService inputThreads() {
        return inputThreads;
    }

    SessionCertificate certificate() {
        return certificate;
    }

    /** Ends every session (closing their terminals), then stops listening. */
    @Override
    public void close() {
        // In parallel: each one may take the shell's grace period.
        List<Thread> ending = sessions.values().stream()
                .map(session -> Thread.ofVirtual()
                        .start(() -> session.end(EndReason.RUNNER_STOPPING, "the runner is stopping")))
                .toList();
        for (Thread thread : ending) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopQuietly(jetty);
        scheduler.shutdownNow();
        inputThreads.shutdownNow();
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.debug("stopping the session server: {}", e.toString());
        }
    }

    private String randomHex() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
