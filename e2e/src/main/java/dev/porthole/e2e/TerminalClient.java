package dev.porthole.e2e;

import static org.awaitility.Awaitility.await;

import dev.porthole.protocol.terminal.MalformedFrameException;
import dev.porthole.protocol.terminal.TerminalFrame;
import dev.porthole.protocol.terminal.TerminalFrames;
import dev.porthole.protocol.terminal.TerminalStatus;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A terminal client as a command-line tool would be one: a websocket to the server's {@code terminal.ws}, speaking
 * {@code v1.terminal.porthole.dev} (acknowledging what it read) or GitLab's raw {@code terminal.gitlab.com}.
 */
public final class TerminalClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final Listener listener;

    private TerminalClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    /** What a refused connection answered: the handshake's HTTP status and body. */
    public record Refusal(int status, String body) {}

    /** Connects, or throws with the refusal; {@code headers} carry the credentials. */
    public static TerminalClient connect(String wsUrl, Map<String, String> headers, List<String> subprotocols) {
        var listener = new Listener();
        var builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(
                    subprotocols.get(0),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        WebSocket socket = builder.buildAsync(URI.create(wsUrl), listener).join();
        return new TerminalClient(socket, listener);
    }

    /** The HTTP answer to a connection that must be refused. */
    public static Refusal refusal(String wsUrl, Map<String, String> headers, List<String> subprotocols) {
        try {
            connect(wsUrl, headers, subprotocols).close();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof WebSocketHandshakeException handshake) {
                var response = handshake.getResponse();
                return new Refusal(response.statusCode(), String.valueOf(response.body()));
            }
            throw failed;
        }
        throw new AssertionError("the terminal connection was accepted");
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public boolean porthole() {
        return "v1.terminal.porthole.dev".equals(subprotocol());
    }

    public void type(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        send(
                porthole()
                        ? TerminalFrames.encode(new TerminalFrame.Input(ByteBuffer.wrap(bytes)))
                        : ByteBuffer.wrap(bytes));
    }

    public void resize(int columns, int rows) {
        send(TerminalFrames.encode(new TerminalFrame.Resize(columns, rows)));
    }

    private void send(ByteBuffer message) {
        listener.send(socket, message).join();
    }

    /** Everything the terminal printed so far, as text. */
    public String screen() {
        return listener.output();
    }

    public String awaitOutput(String text, Duration within) {
        await("terminal output containing " + text)
                .atMost(within)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> screen().contains(text));
        return screen();
    }

    public List<TerminalStatus> statuses() {
        return List.copyOf(listener.statuses);
    }

    /** The close the server sent: code and reason; empty while open. */
    public CompletableFuture<String> closed() {
        return listener.closed;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final List<TerminalStatus> statuses = new CopyOnWriteArrayList<>();
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private long received;
        /** The JDK allows one send at a time: each waits for the one before. */
        private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

        synchronized CompletableFuture<?> send(WebSocket socket, ByteBuffer message) {
            lastSend = lastSend.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> socket.sendBinary(message, true));
            return lastSend;
        }

        synchronized String output() {
            return output.toString(StandardCharsets.UTF_8);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                handle(socket, message);
            }
            socket.request(1);
            return null;
        }

        private void handle(WebSocket socket, byte[] message) {
            if (!"v1.terminal.porthole.dev".equals(socket.getSubprotocol())) {
                synchronized (this) {
                    output.writeBytes(message);
                }
                return;
            }
            try {
                switch (TerminalFrames.decode(ByteBuffer.wrap(message))) {
                    case TerminalFrame.Output out -> {
                        byte[] bytes = new byte[out.data().remaining()];
                        out.data().get(bytes);
                        synchronized (this) {
                            output.writeBytes(bytes);
                        }
                        received += bytes.length;
                        send(socket, TerminalFrames.encode(new TerminalFrame.Ack(received)));
                    }
                    case TerminalFrame.Status status -> statuses.add(status.status());
                    default -> {}
                }
            } catch (MalformedFrameException malformed) {
                closed.complete("malformed frame from the server: " + malformed.getMessage());
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete("error: " + error);
        }
    }
}
