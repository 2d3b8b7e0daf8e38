package dev.porthole.server.terminalproxy;

import dev.porthole.protocol.terminal.TerminalFrame;
import dev.porthole.protocol.terminal.TerminalFrames;
import dev.porthole.protocol.terminal.TerminalStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * A runner's session server as the terminal proxy meets one, standing in for the runner in the proxy's tests: TLS on
 * loopback with its own certificate, one session ({@code /session/<id>/exec}) guarded by a token, and a "shell" that
 * echoes its input. Each test tells it how to answer: an HTTP status instead of the upgrade, no subprotocol, a close
 * as soon as it opens. It records what reached it: the subprotocols offered, the input bytes, how connections ended.
 */
final class FakeSessionServer implements AutoCloseable {
    static final List<String> PREFERENCE = TerminalSubprotocols.SUPPORTED;
    static final String EXITED = "shell exited with code 0";

    private final Server jetty;
    private final SelfSignedCertificate certificate;
    final String id = "ab".repeat(32);
    final String token = "cd".repeat(32);

    /** Not 0: answer the upgrade with this status. */
    volatile int status;
    /** Upgrade without naming a subprotocol, whatever was offered. */
    volatile boolean chooseNone;
    /** Close each connection as soon as it opens, before sending anything. */
    volatile boolean closeOnOpen;

    final List<String> offered = new CopyOnWriteArrayList<>();
    final List<String> chosen = new CopyOnWriteArrayList<>();
    final AtomicInteger upgrades = new AtomicInteger();
    /** The close code of the (last) connection, as the runner saw it end. */
    volatile CompletableFuture<Integer> closed = new CompletableFuture<>();

    private final ByteArrayOutputStream input = new ByteArrayOutputStream();

    private FakeSessionServer(Server jetty, SelfSignedCertificate certificate) {
        this.jetty = jetty;
        this.certificate = certificate;
    }

    static FakeSessionServer start(SelfSignedCertificate certificate) throws Exception {
        var tls = new SslContextFactory.Server();
        tls.setKeyStore(certificate.keyStore());
        tls.setKeyStorePassword(new String(SelfSignedCertificate.PASSWORD));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        var jetty = new Server();
        var http = new HttpConfiguration();
        var secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        var connector = new ServerConnector(
                jetty, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServerWebSocketContainer container = ServerWebSocketContainer.ensure(jetty);
        container.setMaxBinaryMessageSize(8 << 20);
        container.setMaxTextMessageSize(8 << 20);
        var server = new FakeSessionServer(jetty, certificate);
        jetty.setHandler(server.new Exec(container));
        jetty.start();
        return server;
    }

    int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    String sessionUrl() {
        return "https://127.0.0.1:" + port() + "/session/" + id;
    }

    String certificatePem() {
        return certificate.pem();
    }

    /** Every input byte the shell got, decoded from the subprotocol's frames. */
    synchronized byte[] input() {
        return input.toByteArray();
    }

    private synchronized void received(byte[] bytes) {
        input.writeBytes(bytes);
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }

    private final class Exec extends Handler.Abstract {
        private final ServerWebSocketContainer container;

        Exec(ServerWebSocketContainer container) {
            this.container = container;
        }

        @Override
        public boolean handle(Request request, Response response, org.eclipse.jetty.util.Callback callback) {
            if (!request.getHttpURI().getPath().equals("/session/" + id + "/exec")) {
                Response.writeError(request, response, callback, 404, "no such session");
                return true;
            }
            if (!token.equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                Response.writeError(request, response, callback, 401, "Authorization header is not valid");
                return true;
            }
            if (status != 0) {
                Response.writeError(request, response, callback, status, "told to answer " + status);
                return true;
            }
            return container.upgrade(
                    (upgradeRequest, upgradeResponse, upgradeCallback) -> {
                        offered.addAll(upgradeRequest.getSubProtocols());
                        String pick = chooseNone
                                ? null
                                : PREFERENCE.stream()
                                        .filter(upgradeRequest.getSubProtocols()::contains)
                                        .findFirst()
                                        .orElse(null);
                        if (pick != null) {
                            upgradeResponse.setAcceptedSubProtocol(pick);
                        }
                        chosen.add(String.valueOf(pick));
                        upgrades.incrementAndGet();
                        closed = new CompletableFuture<>();
                        return new Shell(pick == null ? TerminalSubprotocols.GITLAB : pick, closed);
                    },
                    request,
                    response,
                    callback);
        }
    }

    /** The terminal of one connection: echoes input as output, pings before echoing "ping"; "exit" ends it as a shell would. */
    public final class Shell implements Session.Listener.AutoDemanding {
        private final String subprotocol;
        private final CompletableFuture<Integer> ended;
        private Session session;

        Shell(String subprotocol, CompletableFuture<Integer> ended) {
            this.subprotocol = subprotocol;
            this.ended = ended;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            if (closeOnOpen) {
                session.close(StatusCode.NORMAL, EXITED, Callback.NOOP);
                return;
            }
            if (subprotocol.equals(TerminalSubprotocols.PORTHOLE_V1)) {
                session.sendBinary(
                        TerminalFrames.encode(new TerminalFrame.Status(new TerminalStatus.Hello(1, 1 << 20))),
                        Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            if (subprotocol.equals(TerminalSubprotocols.PORTHOLE_V1)) {
                if (payload.get(payload.position()) == TerminalFrames.INPUT) {
                    payload.get();
                    typed(bytes(payload));
                }
            } else if (subprotocol.equals(TerminalSubprotocols.GITLAB_BASE64)) {
                typed(Base64.getDecoder().decode(bytes(payload)));
            } else {
                typed(bytes(payload));
            }
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String text) {
            typed(
                    subprotocol.equals(TerminalSubprotocols.GITLAB_BASE64)
                            ? Base64.getDecoder().decode(text)
                            : text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            ended.complete(code);
        }

        private void typed(byte[] bytes) {
            received(bytes);
            if (new String(bytes, StandardCharsets.UTF_8).equals("exit\r")) {
                if (subprotocol.equals(TerminalSubprotocols.PORTHOLE_V1)) {
                    session.sendBinary(
                            TerminalFrames.encode(new TerminalFrame.Status(new TerminalStatus.Exited(0))),
                            Callback.NOOP);
                }
                session.close(StatusCode.NORMAL, EXITED, Callback.NOOP);
                return;
            }
            if (new String(bytes, StandardCharsets.UTF_8).equals("ping\r")) {
                session.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3}), Callback.NOOP);
            }
            switch (subprotocol) {
                case TerminalSubprotocols.PORTHOLE_V1 ->
                    session.sendBinary(TerminalFrames.output(bytes, 0, bytes.length), Callback.NOOP);
                case TerminalSubprotocols.GITLAB_BASE64 ->
                    session.sendText(Base64.getEncoder().encodeToString(bytes), Callback.NOOP);
                default -> session.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
            }
        }

        private static byte[] bytes(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
    }
}
