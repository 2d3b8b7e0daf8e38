package dev.porthole.runner.session;

import dev.porthole.protocol.runnerapi.SessionInfo;
import dev.porthole.protocol.terminal.TerminalFrame;
import dev.porthole.protocol.terminal.TerminalFrames;
import dev.porthole.protocol.terminal.TerminalStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real websocket client of the session server (the JDK's), trusting only the session's certificate, with host
 * name checks on: as the server's terminal proxy connects.
 */
public final class TerminalClient implements WebSocket.Listener {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<TerminalStatus> statuses = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();
    private final boolean ours;
    private final boolean base64;
    private volatile Consumer<byte[]> outputListener = bytes -> {};
    private volatile boolean keepOutput = true;
    private volatile int pings;
    private volatile String closeReason;
    private volatile WebSocket socket;
    private CompletableFuture<WebSocket> lastSend;
    private long received;

    private TerminalClient(String subprotocol) {
        this.ours = "v1.terminal.porthole.dev".equals(subprotocol);
        this.base64 = "base64.terminal.gitlab.com".equals(subprotocol);
    }

    public static HttpClient httpClient(String pem) throws Exception {
        var certificate = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("session", certificate);
        var trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    static URI execUri(SessionInfo session, String query) {
        return URI.create(session.url().replaceFirst("^https:", "wss:") + "/exec" + (query == null ? "" : query));
    }

    /** Connects; {@code expected} is the subprotocol the runner should pick, which decides how frames are read. */
    public static TerminalClient connect(SessionInfo session, String query, String expected, String... offered)
            throws Exception {
        var client = new TerminalClient(expected);
        var builder = httpClient(session.certificate())
                .newWebSocketBuilder()
                .header("Authorization", session.authorization());
        if (offered.length > 0) {
            builder.subprotocols(offered[0], java.util.Arrays.copyOfRange(offered, 1, offered.length));
        }
        client.socket = builder.buildAsync(execUri(session, query), client).get(90, TimeUnit.SECONDS);
        client.lastSend = CompletableFuture.completedFuture(client.socket);
        return client;
    }

    /** The HTTP status the runner refused a connection with. */
    public static int refusal(SessionInfo session, String authorization, String... offered) throws Exception {
        var builder = httpClient(session.certificate()).newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (offered.length > 0) {
            builder.subprotocols(offered[0], java.util.Arrays.copyOfRange(offered, 1, offered.length));
        }
        try {
            builder.buildAsync(execUri(session, null), new WebSocket.Listener() {})
                    .get(90, TimeUnit.SECONDS)
                    .abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    WebSocket socket() {
        return socket;
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.write(bytes, 0, bytes.length);
        if (last) {
            byte[] message = partial.toByteArray();
            partial.reset();
            if (ours) {
                try {
                    switch (TerminalFrames.decode(ByteBuffer.wrap(message))) {
                        case TerminalFrame.Output out -> {
                            byte[] payload = new byte[out.data().remaining()];
                            out.data().get(payload);
                            deliver(payload);
                        }
                        case TerminalFrame.Status status -> statuses.add(status.status());
                        default -> throw new AssertionError("unexpected frame from the runner");
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            } else {
                deliver(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            String text = partialText.toString();
            partialText.setLength(0);
            deliver(base64 ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings++;
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    private void deliver(byte[] bytes) {
        synchronized (output) {
            received += bytes.length;
            if (keepOutput) {
                output.write(bytes, 0, bytes.length);
            }
        }
        outputListener.accept(bytes);
    }

    /** Instead of keeping the output, hands each piece to {@code consumer} (on the websocket's thread). */
    void streamOutput(Consumer<byte[]> consumer) {
        keepOutput = false;
        outputListener = consumer;
    }

    public String text() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    public long received() {
        synchronized (output) {
            return received;
        }
    }

    byte[] outputBytes() {
        synchronized (output) {
            return output.toByteArray();
        }
    }

    public List<TerminalStatus> statuses() {
        return new ArrayList<>(statuses);
    }

    public int pings() {
        return pings;
    }

    public CompletableFuture<Integer> closed() {
        return closed;
    }

    public String closeReason() {
        return closeReason;
    }

    /** Types a line: raw or base64 or as an input frame, as the subprotocol wants. */
    public void type(String line) {
        byte[] bytes = (line + "\r").getBytes(StandardCharsets.UTF_8);
        input(bytes);
    }

    public void input(byte[] bytes) {
        if (ours) {
            send(TerminalFrames.encode(new TerminalFrame.Input(ByteBuffer.wrap(bytes))));
        } else if (base64) {
            sendText(Base64.getEncoder().encodeToString(bytes));
        } else {
            send(ByteBuffer.wrap(bytes));
        }
    }

    public void resize(int columns, int rows) {
        send(TerminalFrames.encode(new TerminalFrame.Resize(columns, rows)));
    }

    public void ack(long total) {
        send(TerminalFrames.encode(new TerminalFrame.Ack(total)));
    }

    /** Sends one binary message after the ones before it (the JDK client allows one outstanding send). */
    synchronized CompletableFuture<WebSocket> send(ByteBuffer message) {
        lastSend = lastSend.thenCompose(ws -> ws.sendBinary(message, true));
        return lastSend;
    }

    synchronized CompletableFuture<WebSocket> sendText(String text) {
        lastSend = lastSend.thenCompose(ws -> ws.sendText(text, true));
        return lastSend;
    }

    /** Leaves without a close frame, as GitLab Workhorse does. */
    public void drop() {
        socket.abort();
    }

    public void close() {
        try {
            synchronized (this) {
                lastSend.join();
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        } catch (CompletionException e) {
            socket.abort();
        }
    }
}
