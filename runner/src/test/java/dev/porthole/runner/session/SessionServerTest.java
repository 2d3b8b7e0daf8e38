package dev.porthole.runner.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.porthole.protocol.runnerapi.SessionInfo;
import dev.porthole.runner.config.SessionServerConfig;
import dev.porthole.runner.terminal.LoginShell;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session server over real TLS: statuses before the upgrade, subprotocols, TLS versions, pings, limits. */
class SessionServerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final SessionServer.Timings FAST =
            new SessionServer.Timings(Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMinutes(1));

    @TempDir
    Path dir;

    private SessionServer server;
    private TerminalSession session;
    private SessionInfo info;

    @BeforeEach
    void start() throws Exception {
        server =
                SessionServer.start(new SessionServerConfig("127.0.0.1:0", "127.0.0.1:0", Duration.ofSeconds(2)), FAST);
        session = server.open();
        info = session.info();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void attachShell() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CI_JOB_ID", "99");
        // A login shell reads its HOME's profile: the machine's own (which may run slow tools) is not this test's.
        env.put("HOME", dir.toString());
        session.attach(new LoginShell(dir, env));
    }

    private int port() {
        return URI.create(info.url()).getPort();
    }

    @Test
    void sessionsHaveRandom256BitIdsAndTokensAndTheAdvertisedUrl() {
        SessionInfo other = server.open().info();
        assertThat(info.url()).matches("https://127\\.0\\.0\\.1:\\d+/session/[0-9a-f]{64}");
        assertThat(info.url()).doesNotContain(":0/");
        assertThat(info.authorization()).matches("[0-9a-f]{64}");
        assertThat(other.url()).isNotEqualTo(info.url());
        assertThat(other.authorization()).isNotEqualTo(info.authorization());
        assertThat(info.certificate()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void anUnknownSessionOrPathIs404() throws Exception {
        SessionInfo unknown = new SessionInfo(
                info.url().replaceFirst("[0-9a-f]{64}$", "0".repeat(64)), info.certificate(), info.authorization());
        assertThat(TerminalClient.refusal(unknown, info.authorization())).isEqualTo(404);
        assertThat(get(URI.create(info.url() + "/proxy/build/80/"), info.authorization())
                        .statusCode())
                .isEqualTo(404);
        assertThat(get(URI.create(info.url().replaceFirst("/session/.*", "/")), info.authorization())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void anEndedSessionIs404() throws Exception {
        session.end(EndReason.JOB_ENDED, "the job ended");
        assertThat(TerminalClient.refusal(info, info.authorization())).isEqualTo(404);
    }

    @Test
    void aWrongOrMissingAuthorizationIs401() throws Exception {
        attachShell();
        String token = info.authorization();
        // Change the first character to one it is not: a fixed replacement equals it once in a while.
        char other = token.charAt(0) == '0' ? '1' : '0';
        assertThat(TerminalClient.refusal(info, other + token.substring(1))).isEqualTo(401);
        assertThat(TerminalClient.refusal(info, "Bearer " + info.authorization()))
                .isEqualTo(401);
        assertThat(TerminalClient.refusal(info, null)).isEqualTo(401);
    }

    @Test
    void theTokenIsComparedInConstantTime() {
        JavaClass sessionClass = new ClassFileImporter().importClass(TerminalSession.class);
        JavaMethod authorizes = sessionClass.getMethod("authorizes", String.class);
        assertThat(authorizes.getMethodCallsFromSelf())
                .anyMatch(call -> call.getTargetOwner().isEquivalentTo(MessageDigest.class)
                        && call.getName().equals("isEqual"))
                .noneMatch(call -> call.getName().equals("equals")
                        || call.getName().equals("contentEquals")
                        || call.getName().equals("equalsIgnoreCase"));
        assertThat(session.authorizes(info.authorization())).isTrue();
        assertThat(session.authorizes(info.authorization() + "0")).isFalse();
        assertThat(session.authorizes("")).isFalse();
    }

    @Test
    void anythingButAWebsocketUpgradeIs405() throws Exception {
        attachShell();
        URI exec = URI.create(info.url() + "/exec");
        HttpResponse<String> plain = get(exec, info.authorization());
        assertThat(plain.statusCode()).isEqualTo(405);
        assertThat(plain.headers().firstValue("Allow")).contains("GET");
        HttpResponse<String> post = TerminalClient.httpClient(info.certificate())
                .send(
                        HttpRequest.newBuilder(exec)
                                .header("Authorization", info.authorization())
                                .POST(HttpRequest.BodyPublishers.ofString("ls"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void aTerminalThatIsNotReadyInTimeIs503() throws Exception {
        long started = System.nanoTime();
        assertThat(TerminalClient.refusal(info, info.authorization(), "terminal.gitlab.com"))
                .isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(FAST.terminalWait());
    }

    @Test
    void aConnectionWaitsForTheTerminalToBeAttached() throws Exception {
        var slow = new SessionServer.Timings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(1));
        try (var patient = SessionServer.start(
                new SessionServerConfig("127.0.0.1:0", "127.0.0.1:0", Duration.ofSeconds(2)), slow)) {
            TerminalSession waiting = patient.open();
            var connecting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return TerminalClient.connect(waiting.info(), null, "terminal.gitlab.com", "terminal.gitlab.com");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(connecting).isNotDone();
            waiting.attach(new LoginShell(dir, System.getenv()));
            TerminalClient client = connecting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(client.subprotocol()).isEqualTo("terminal.gitlab.com");
            client.close();
        }
    }

    @Test
    void aSecondTerminalOnTheSameSessionIs423AndTheFirstStays() throws Exception {
        attachShell();
        TerminalClient first = TerminalClient.connect(info, null, "terminal.gitlab.com", "terminal.gitlab.com");
        assertThat(TerminalClient.refusal(info, info.authorization(), "terminal.gitlab.com"))
                .isEqualTo(423);
        first.type("echo \"still$((1+1))\"");
        await().atMost(PATIENCE).until(() -> first.text().contains("still2"));
        first.close();
        await().atMost(PATIENCE).until(() -> !session.connected());
        TerminalClient again = TerminalClient.connect(info, null, "terminal.gitlab.com", "terminal.gitlab.com");
        again.close();
    }

    @Test
    void oursIsPreferredWhenOfferedAndGitLabsOtherwise() throws Exception {
        attachShell();
        assertThat(connectAndLeave("v1.terminal.porthole.dev", "terminal.gitlab.com", "v1.terminal.porthole.dev"))
                .isEqualTo("v1.terminal.porthole.dev");
        assertThat(connectAndLeave(
                        "v1.terminal.porthole.dev",
                        "base64.terminal.gitlab.com",
                        "v1.terminal.porthole.dev",
                        "terminal.gitlab.com"))
                .isEqualTo("v1.terminal.porthole.dev");
        assertThat(connectAndLeave("terminal.gitlab.com", "base64.terminal.gitlab.com", "terminal.gitlab.com"))
                .isEqualTo("terminal.gitlab.com");
        assertThat(connectAndLeave("base64.terminal.gitlab.com", "base64.terminal.gitlab.com"))
                .isEqualTo("base64.terminal.gitlab.com");
        // Like GitLab's runner: nothing known offered, nothing named, raw bytes.
        assertThat(connectAndLeave("terminal.gitlab.com", "v2.terminal.porthole.dev"))
                .isEmpty();
        assertThat(connectAndLeave("terminal.gitlab.com")).isEmpty();
    }

    private String connectAndLeave(String expected, String... offered) throws Exception {
        TerminalClient client = TerminalClient.connect(info, null, expected, offered);
        String chosen = client.subprotocol();
        client.close();
        await().atMost(PATIENCE).until(() -> !session.connected());
        return chosen;
    }

    @Test
    void openConnectionsArePinged() throws Exception {
        attachShell();
        TerminalClient client = TerminalClient.connect(info, null, "terminal.gitlab.com", "terminal.gitlab.com");
        await().atMost(PATIENCE).until(() -> client.pings() >= 3);
        client.close();
    }

    @Test
    void aOneMebibytePastePasses() throws Exception {
        attachShell();
        for (String protocol :
                List.of("v1.terminal.porthole.dev", "terminal.gitlab.com", "base64.terminal.gitlab.com")) {
            TerminalClient client = TerminalClient.connect(info, null, protocol, protocol);
            Path pasted = dir.resolve("pasted-" + protocol);
            client.type("stty raw -echo; head -c 1048576 > " + pasted + "; stty sane; echo \"got$((40+2))\"");
            byte[] paste = new byte[1 << 20];
            for (int i = 0; i < paste.length; i++) {
                paste[i] = (byte) ('a' + i % 26);
            }
            await().atMost(PATIENCE).until(() -> Files.exists(pasted));
            client.input(paste);
            await().atMost(PATIENCE).until(() -> client.text().contains("got42"));
            assertThat(Files.readAllBytes(pasted)).isEqualTo(paste);
            client.close();
            await().atMost(PATIENCE).until(() -> !session.connected());
        }
    }

    @Test
    void tls12And13AreAccepted() throws Exception {
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            SSLContext context = SSLContext.getInstance(version);
            var trust = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            var store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("session", server.certificate().certificate());
            trust.init(store);
            context.init(null, trust.getTrustManagers(), null);
            try (var socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port())) {
                socket.setEnabledProtocols(new String[] {version});
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo(version);
            }
        }
    }

    @Test
    void tls11IsRefused() throws Exception {
        // The JDK's own client will not even offer TLS 1.1, so this sends a ClientHello by hand: with 1.2 the server
        // answers with a ServerHello (a handshake record, 0x16); with 1.1 with an alert (0x15) or nothing.
        assertThat(firstRecordTypeAnswering(0x0303)).isEqualTo(0x16);
        assertThat(firstRecordTypeAnswering(0x0302)).isNotEqualTo(0x16);
        assertThat(firstRecordTypeAnswering(0x0301)).isNotEqualTo(0x16);
    }

    private int firstRecordTypeAnswering(int version) throws Exception {
        String hello = HexFormat.of().toHexDigits((short) version)
                + "00".repeat(32) // random
                + "00" // no session id
                + "0008c02bc009c013002f" // ECDHE-ECDSA-AES128-GCM-SHA256, ECDHE-ECDSA-AES128-SHA, two RSA suites
                + "0100" // no compression
                + "0018" // extensions, 24 bytes:
                + "000a00040002" + "0017" // supported_groups: secp256r1
                + "000b00020100" // ec_point_formats: uncompressed
                + "000d0006000404030201"; // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pkcs1_sha1
        byte[] body = HexFormat.of().parseHex(hello);
        ByteBuffer record = ByteBuffer.allocate(9 + body.length)
                .put((byte) 0x16)
                .putShort((short) 0x0301)
                .putShort((short) (4 + body.length))
                .put((byte) 0x01)
                .put((byte) 0)
                .putShort((short) body.length)
                .put(body);
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(record.array());
            out.flush();
            InputStream in = new DataInputStream(socket.getInputStream());
            return in.read();
        }
    }

    @Test
    void onlyTheSessionsCertificateIsTrusted() throws Exception {
        HttpClient defaultTrust = HttpClient.newHttpClient();
        assertThatThrownBy(() -> defaultTrust.send(
                        HttpRequest.newBuilder(URI.create(info.url() + "/exec")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theCertificateNamesTheAdvertisedDnsNameAndClientsCheckIt() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (var named = SessionServer.start(
                new SessionServerConfig("127.0.0.1:" + port, "localhost:" + port, Duration.ofSeconds(2)), FAST)) {
            TerminalSession byName = named.open();
            SessionInfo byNameInfo = byName.info();
            assertThat(byNameInfo.url()).startsWith("https://localhost:" + port + "/session/");
            byName.attach(new LoginShell(dir, System.getenv()));
            TerminalClient client =
                    TerminalClient.connect(byNameInfo, null, "terminal.gitlab.com", "terminal.gitlab.com");
            client.close();
            // The same certificate for another name of the same address fails the host name check.
            SessionInfo byAddress = new SessionInfo(
                    byNameInfo.url().replace("localhost", "127.0.0.1"),
                    byNameInfo.certificate(),
                    byNameInfo.authorization());
            assertThatThrownBy(() -> TerminalClient.refusal(byAddress, byNameInfo.authorization()))
                    .hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
        }
    }

    @Test
    void listensOnIpv6AndAdvertisesInBrackets() throws Exception {
        try (var probe = new java.net.ServerSocket()) {
            probe.bind(new InetSocketAddress("::1", 0));
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
        }
        try (var v6 = SessionServer.start(new SessionServerConfig("[::1]:0", "[::1]:0", Duration.ofSeconds(2)), FAST)) {
            TerminalSession onV6 = v6.open();
            assertThat(onV6.info().url()).matches("https://\\[::1\\]:\\d+/session/[0-9a-f]{64}");
            onV6.attach(new LoginShell(dir, System.getenv()));
            TerminalClient client =
                    TerminalClient.connect(onV6.info(), null, "terminal.gitlab.com", "terminal.gitlab.com");
            client.type("echo \"v$((2*3))\"");
            await().atMost(PATIENCE).until(() -> client.text().contains("v6"));
            client.close();
        }
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        int port = port();
        assertThatThrownBy(() -> SessionServer.start(
                        new SessionServerConfig("127.0.0.1:" + port, "127.0.0.1:" + port, Duration.ofSeconds(1))))
                .isInstanceOf(SessionServerException.class)
                .hasMessage("cannot listen on 127.0.0.1:" + port
                        + " ([session_server].listen_address): Address already in" + " use");
    }

    private HttpResponse<String> get(URI uri, String authorization) throws Exception {
        return TerminalClient.httpClient(info.certificate())
                .send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", authorization)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
