package dev.porthole.server.terminalproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.porthole.protocol.terminal.MalformedFrameException;
import dev.porthole.protocol.terminal.TerminalFrame;
import dev.porthole.protocol.terminal.TerminalFrames;
import dev.porthole.protocol.terminal.TerminalStatus;
import dev.porthole.server.account.UserAdministration;
import dev.porthole.server.outbound.Allowlist;
import dev.porthole.server.outbound.OutboundPolicy;
import dev.porthole.server.outbound.OutboundSettings;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.project.Project;
import dev.porthole.server.terminal.JobSession;
import dev.porthole.server.terminal.JobSessionStore;
import dev.porthole.server.terminal.TerminalConnection;
import dev.porthole.server.terminal.TerminalConnectionEntry;
import dev.porthole.server.terminal.TerminalConnectionFilter;
import dev.porthole.server.terminal.TerminalConnections;
import dev.porthole.server.web.jobs.PagesWithRunner;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The terminal proxy between a real server and a session server standing in for the runner (TLS with a certificate
 * made here): frames relayed both ways in each subprotocol, every way a dial can fail turned into its own answer
 * (an HTTP status for a command-line client, a close code and a sentence for a browser), the ends of connections
 * passed on, and each connection recorded.
 */
class TerminalSocketTest extends PagesWithRunner {
    private static final SelfSignedCertificate RUNNER = SelfSignedCertificate.forAddress("127.0.0.1");
    private static final SelfSignedCertificate IMPOSTOR = SelfSignedCertificate.forAddress("127.0.0.1");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final WebSocketClient WEBSOCKETS = new WebSocketClient();
    private static final HttpClient PLAIN_HTTP = new HttpClient();

    @Autowired
    OutboundSettings outbound;

    @Autowired
    JobSessionStore sessions;

    @Autowired
    TerminalConnections connections;

    @Autowired
    UserAdministration users;

    private OutboundPolicy before;
    private FakeSessionServer runnerSide;
    private Project project;
    private Job job;

    @BeforeAll
    static void startClients() throws Exception {
        WEBSOCKETS.setMaxBinaryMessageSize(8 << 20);
        WEBSOCKETS.setMaxTextMessageSize(8 << 20);
        WEBSOCKETS.start();
        PLAIN_HTTP.start();
    }

    @AfterAll
    static void stopClients() throws Exception {
        WEBSOCKETS.stop();
        PLAIN_HTTP.stop();
    }

    @BeforeEach
    void aRunningJobWithASessionOnALoopbackRunner() throws Exception {
        cast();
        before = outbound.current();
        outbound.update(
                new OutboundPolicy(false, List.of(Allowlist.parseEntry("127.0.0.1"))),
                owner.user().id());
        runnerSide = FakeSessionServer.start(RUNNER);
        project = project("job:\n  tags: [TAG]\n  script: [sleep 600]\n");
        pipeline(project);
        job = take();
        offerSession(runnerSide.sessionUrl(), RUNNER.pem(), runnerSide.token);
    }

    @AfterEach
    void restore() throws Exception {
        outbound.update(before, owner.user().id());
        runnerSide.close();
    }

    private void offerSession(String url, String certificate, String token) {
        sessions.save(new JobSession(job.id(), url, certificate, token, Instant.now()));
    }

    private String socketPath() {
        return path(project) + "/-/jobs/" + job.id() + "/terminal.ws";
    }

    // ---- relaying ----

    @ParameterizedTest
    @ValueSource(strings = {"v1.terminal.porthole.dev", "terminal.gitlab.com", "base64.terminal.gitlab.com"})
    void framesPassBothWaysUnchangedAndTheRunnerGetsEndOfTransmissionWhenTheBrowserLeaves(String subprotocol)
            throws Exception {
        Terminal browser = browser(signedIn(owner).cookieHeader(), origin(), List.of(subprotocol));
        assertThat(browser.subprotocol()).isEqualTo(subprotocol);
        assertThat(runnerSide.offered).containsExactly(subprotocol);
        if (subprotocol.equals(TerminalSubprotocols.PORTHOLE_V1)) {
            await().atMost(PATIENCE).until(() -> browser.statuses.contains(new TerminalStatus.Hello(1, 1 << 20)));
        }

        browser.type("echo hi\r");
        await().atMost(PATIENCE).until(() -> browser.output().equals("echo hi\r"));

        browser.leave();
        await().atMost(PATIENCE).until(() -> runnerSide.closed.isDone());
        byte[] input = runnerSide.input();
        assertThat(new String(input, StandardCharsets.UTF_8)).isEqualTo("echo hi\r\u0004");

        TerminalConnection record = endedConnection();
        assertThat(record.subprotocol()).isEqualTo(subprotocol);
        assertThat(record.client()).isEqualTo("browser");
        assertThat(record.userId()).isEqualTo(owner.user().id());
        assertThat(record.runnerId()).isEqualTo(runner.id());
        assertThat(record.closeReason()).startsWith("client closed (1000");
        long frameBytes = switch (subprotocol) {
            case TerminalSubprotocols.PORTHOLE_V1 -> 1 + 8; // the input frame's type byte
            case TerminalSubprotocols.GITLAB_BASE64 -> 12; // "echo hi\r" in base64
            default -> 8;
        };
        assertThat(record.bytesToRunner()).isEqualTo(frameBytes);
        assertThat(record.bytesToClient()).isGreaterThanOrEqualTo(frameBytes);
    }

    @Test
    void aCommandLineClientConnectsWithAPrivateTokenAndNoCookie() throws Exception {
        Terminal client = tokenClient(owner.token(), List.of(TerminalSubprotocols.GITLAB));

        client.type("whoami\r");
        await().atMost(PATIENCE).until(() -> client.output().equals("whoami\r"));
        client.leave();

        TerminalConnection record = endedConnection();
        assertThat(record.client()).isEqualTo("token");
        assertThat(record.bytesToRunner()).isEqualTo(7);
        // The stand-in runner echoes the end-of-transmission the server sends when the client leaves; that byte is
        // counted when its echo is relayed before the connection's end is recorded.
        assertThat(record.bytesToClient()).isBetween(7L, 8L);
    }

    @Test
    void pingsFromEitherSideDoNotStallTheRelay() throws Exception {
        Terminal browser = browser(signedIn(owner).cookieHeader(), origin(), List.of(TerminalSubprotocols.GITLAB));

        browser.ping();
        browser.type("ping\r");
        await().atMost(PATIENCE).until(() -> browser.output().equals("ping\r"));
        browser.ping();
        browser.type("after\r");
        await().atMost(PATIENCE).until(() -> browser.output().equals("ping\rafter\r"));
        assertThat(browser.pongs.get()).isEqualTo(2);
        browser.leave();
    }

    @Test
    void aOneMebibytePastePassesIntactBothWays() throws Exception {
        Terminal browser = browser(signedIn(owner).cookieHeader(), origin(), TerminalSubprotocols.SUPPORTED);
        assertThat(browser.subprotocol()).isEqualTo(TerminalSubprotocols.PORTHOLE_V1);
        byte[] paste = new byte[(1 << 20) + 17];
        new Random(7).nextBytes(paste);

        browser.typeBytes(paste);

        await().atMost(PATIENCE).until(() -> runnerSide.input().length == paste.length);
        assertThat(runnerSide.input()).isEqualTo(paste);
        await().atMost(PATIENCE).until(() -> browser.outputBytes().length == paste.length);
        assertThat(browser.outputBytes()).isEqualTo(paste);
        browser.leave();
        assertThat(endedConnection().bytesToRunner()).isEqualTo(paste.length + 1);
    }

    // ---- ends ----

    @Test
    void aRunnerThatClosesWhileTheBrowserIsAttachedClosesTheBrowserWithItsReason() throws Exception {
        Terminal browser = browser(signedIn(owner).cookieHeader(), origin(), TerminalSubprotocols.SUPPORTED);

        browser.type("exit\r");

        Closed closed = browser.closed.get(20, TimeUnit.SECONDS);
        assertThat(closed).isEqualTo(new Closed(StatusCode.NORMAL, FakeSessionServer.EXITED));
        assertThat(browser.statuses).contains(new TerminalStatus.Exited(0));
        assertThat(endedConnection().closeReason()).isEqualTo("runner: " + FakeSessionServer.EXITED);
    }

    @Test
    void aRunnerThatClosesBeforeTheBrowserIsAttachedClosesTheBrowserOnceItIs() throws Exception {
        runnerSide.closeOnOpen = true;

        Terminal browser = browser(signedIn(owner).cookieHeader(), origin(), TerminalSubprotocols.SUPPORTED);

        Closed closed = browser.closed.get(20, TimeUnit.SECONDS);
        assertThat(closed).isEqualTo(new Closed(StatusCode.NORMAL, FakeSessionServer.EXITED));
        assertThat(endedConnection().closeReason()).isEqualTo("runner: " + FakeSessionServer.EXITED);
    }

    @Test
    void aJobThatStopsRunningClosesItsTerminalOnBothSides() throws Exception {
        Terminal browser = browser(signedIn(owner).cookieHeader(), origin(), TerminalSubprotocols.SUPPORTED);
        await().atMost(PATIENCE).until(() -> !browser.statuses.isEmpty());

        succeed(job);

        String reason = "Job #" + job.id() + " is no longer running (success).";
        assertThat(browser.closed.get(30, TimeUnit.SECONDS)).isEqualTo(new Closed(StatusCode.NORMAL, reason));
        assertThat(runnerSide.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.NORMAL);
        assertThat(endedConnection().closeReason()).isEqualTo(reason);
    }

    @Test
    void someoneWhoMayNoLongerDebugIsDisconnectedAtTheNextPermissionCheck() throws Exception {
        Terminal browser = browser(signedIn(owner).cookieHeader(), origin(), TerminalSubprotocols.SUPPORTED);
        await().atMost(PATIENCE).until(() -> !browser.statuses.isEmpty());

        users.block(newUser(true).user(), owner.user().id());

        String reason = "You may no longer open a terminal into this job.";
        assertThat(browser.closed.get(30, TimeUnit.SECONDS)).isEqualTo(new Closed(StatusCode.NORMAL, reason));
        assertThat(runnerSide.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.NORMAL);
        assertThat(endedConnection().closeReason()).isEqualTo(reason);
    }

    // ---- refusals ----

    @Test
    void aRunnerThatCannotBeReachedIsNamed() throws Exception {
        int nobody;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nobody = socket.getLocalPort();
        }
        offerSession("https://127.0.0.1:" + nobody + "/session/" + runnerSide.id, RUNNER.pem(), runnerSide.token);

        assertRefused(DialFailure.UNREACHABLE, "Cannot reach the runner at 127.0.0.1:" + nobody);
    }

    @Test
    void aRunnerWithAnotherCertificateIsNotTrusted() throws Exception {
        try (var impostor = FakeSessionServer.start(IMPOSTOR)) {
            offerSession(impostor.sessionUrl(), RUNNER.pem(), impostor.token);

            assertRefused(DialFailure.CERTIFICATE, "did not present the certificate it announced");
            assertThat(impostor.upgrades.get()).isZero();
        }
    }

    @Test
    void aRunnerThatRefusesTheSessionTokenIsReported() throws Exception {
        offerSession(runnerSide.sessionUrl(), RUNNER.pem(), "ef".repeat(32));

        assertRefused(DialFailure.UNAUTHORIZED, "refused this job's session token");
    }

    @Test
    void aBusyTerminalIsReported() throws Exception {
        runnerSide.status = 423;

        assertRefused(DialFailure.BUSY, "Another terminal is already connected");
    }

    @Test
    void aTerminalThatIsNotReadyYetIsReported() throws Exception {
        runnerSide.status = 503;

        assertRefused(DialFailure.NOT_READY, "not ready within a minute");
    }

    @Test
    void aRunnerThatNoLongerKnowsTheSessionMeansTheJobIsNotRunning() throws Exception {
        runnerSide.status = 404;

        assertRefused(DialFailure.NOT_RUNNING, "no longer has a session for this job");
    }

    @Test
    void aLocalRunnerIsRefusedAtConnectTimeWhenLocalRequestsAreNotAllowed() throws Exception {
        outbound.update(OutboundPolicy.DEFAULT, owner.user().id());

        assertRefused(DialFailure.POLICY, "Admin › Settings › Network › Outbound requests");
        assertThat(DialFailure.POLICY.reason()).contains("Admin › Settings › Network › Outbound requests");
        assertThat(runnerSide.upgrades.get()).isZero();
    }

    @Test
    void aJobThatIsNotRunningHasNoTerminal() throws Exception {
        succeed(job);

        assertRefused(DialFailure.NOT_RUNNING, "not running");
    }

    @Test
    void aRunningJobWithoutASessionHasNoTerminal() throws Exception {
        sessions.delete(job.id());

        assertRefused(DialFailure.NO_SESSION, "[session_server]");
    }

    @Test
    void aRunnerThatChoosesNoneOfTheOfferedSubprotocolsIsLeft() throws Exception {
        runnerSide.chooseNone = true;

        assertRefused(DialFailure.SUBPROTOCOL, "chose no subprotocol");
        assertThat(runnerSide.upgrades.get()).isEqualTo(2);
        assertThat(runnerSide.closed.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aCookieFromAnotherSiteDoesNotOpenATerminal() throws Exception {
        String cookie = signedIn(owner).cookieHeader();

        for (String origin : new String[] {"https://attacker.example", null}) {
            Throwable refused = catchThrowable(() -> browser(cookie, origin, TerminalSubprotocols.SUPPORTED));
            assertThat(refused).isInstanceOf(ExecutionException.class);
            assertThat(refused.getCause()).isInstanceOf(UpgradeException.class);
            assertThat(((UpgradeException) refused.getCause()).getResponseStatusCode())
                    .isEqualTo(403);
        }
        assertThat(runnerSide.upgrades.get()).isZero();
    }

    @Test
    void someoneWhoDidNotStartTheJobIsRefusedBeforeTheRunnerIsDialled() throws Exception {
        assertThat(tokenRefusal(developer.token()).getStatus()).isEqualTo(403);
        assertThat(tokenRefusal(stranger.token()).getStatus()).isEqualTo(404);
        assertThat(runnerSide.upgrades.get()).isZero();
    }

    /**
     * A browser gets an upgrade that closes at once with the failure's code and short sentence; a command-line client
     * the failure's HTTP status and the whole explanation.
     */
    private void assertRefused(DialFailure failure, String explanation) throws Exception {
        Terminal browser = browser(signedIn(owner).cookieHeader(), origin(), TerminalSubprotocols.SUPPORTED);
        assertThat(browser.closed.get(20, TimeUnit.SECONDS))
                .isEqualTo(new Closed(failure.closeCode(), failure.reason()));

        ContentResponse answer = tokenRefusal(owner.token());
        assertThat(answer.getStatus()).isEqualTo(failure.httpStatus());
        assertThat(answer.getContentAsString()).contains(explanation);
        assertThat(projectConnections()).isEmpty();
    }

    private ContentResponse tokenRefusal(String token) throws Exception {
        return PLAIN_HTTP
                .newRequest(URI.create(url(socketPath())))
                .headers(headers -> headers.put("Upgrade", "websocket")
                        .put("Connection", "Upgrade")
                        .put("Sec-WebSocket-Version", "13")
                        .put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                        .put("Sec-WebSocket-Protocol", String.join(", ", TerminalSubprotocols.SUPPORTED))
                        .put("PRIVATE-TOKEN", token))
                .timeout(30, TimeUnit.SECONDS)
                .send();
    }

    private List<TerminalConnection> projectConnections() {
        return connections.page(TerminalConnectionFilter.project(project.id()), 10, 0).stream()
                .map(TerminalConnectionEntry::connection)
                .toList();
    }

    private TerminalConnection endedConnection() {
        await().atMost(PATIENCE).until(() -> projectConnections().stream().anyMatch(c -> !c.open()));
        List<TerminalConnection> all = projectConnections();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    // ---- clients ----

    private String origin() {
        return "http://127.0.0.1:" + port;
    }

    private Terminal browser(String cookie, String origin, List<String> subprotocols) throws Exception {
        var request = new ClientUpgradeRequest(URI.create("ws://127.0.0.1:" + port + socketPath()));
        request.setSubProtocols(subprotocols);
        request.setHeader("Cookie", cookie);
        if (origin != null) {
            request.setHeader("Origin", origin);
        }
        var terminal = new Terminal();
        WEBSOCKETS.connect(terminal, request).get(30, TimeUnit.SECONDS);
        return terminal;
    }

    private Terminal tokenClient(String token, List<String> subprotocols) throws Exception {
        var request = new ClientUpgradeRequest(URI.create("ws://127.0.0.1:" + port + socketPath()));
        request.setSubProtocols(subprotocols);
        request.setHeader("PRIVATE-TOKEN", token);
        var terminal = new Terminal();
        WEBSOCKETS.connect(terminal, request).get(30, TimeUnit.SECONDS);
        return terminal;
    }

    record Closed(int code, String reason) {}

    /** The browser's end of a terminal, in whichever subprotocol the server accepted. */
    public static final class Terminal implements Session.Listener.AutoDemanding {
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        final List<TerminalStatus> statuses = new CopyOnWriteArrayList<>();
        final AtomicInteger pongs = new AtomicInteger();
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private volatile Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        String subprotocol() {
            return session.getUpgradeResponse().getAcceptedSubProtocol();
        }

        void type(String text) {
            typeBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        void typeBytes(byte[] bytes) {
            var sent = new Callback.Completable();
            switch (subprotocol()) {
                case TerminalSubprotocols.PORTHOLE_V1 ->
                    session.sendBinary(TerminalFrames.encode(new TerminalFrame.Input(ByteBuffer.wrap(bytes))), sent);
                case TerminalSubprotocols.GITLAB_BASE64 ->
                    session.sendText(Base64.getEncoder().encodeToString(bytes), sent);
                default -> session.sendBinary(ByteBuffer.wrap(bytes), sent);
            }
            sent.join();
        }

        void ping() {
            var sent = new Callback.Completable();
            session.sendPing(ByteBuffer.wrap(new byte[] {9}), sent);
            sent.join();
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            pongs.incrementAndGet();
        }

        void leave() throws Exception {
            session.close(StatusCode.NORMAL, "bye", Callback.NOOP);
            closed.get(20, TimeUnit.SECONDS);
        }

        synchronized byte[] outputBytes() {
            return output.toByteArray();
        }

        String output() {
            return new String(outputBytes(), StandardCharsets.UTF_8);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            if (TerminalSubprotocols.PORTHOLE_V1.equals(subprotocol())) {
                try {
                    switch (TerminalFrames.decode(payload)) {
                        case TerminalFrame.Output out -> append(out.data());
                        case TerminalFrame.Status status -> statuses.add(status.status());
                        default -> {}
                    }
                } catch (MalformedFrameException e) {
                    callback.fail(e);
                    return;
                }
            } else {
                append(payload);
            }
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String text) {
            append(ByteBuffer.wrap(Base64.getDecoder().decode(text)));
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            closed.complete(new Closed(code, reason));
        }

        private synchronized void append(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            output.writeBytes(bytes);
        }
    }
}
