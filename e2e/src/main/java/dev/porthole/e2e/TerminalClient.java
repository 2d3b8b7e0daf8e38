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

    /** What the terminal printed so far (its first 8 MiB), as text. */
    public String screen() {
        return listener.output();
    }

    /** The last {@code bytes} the terminal printed, as text. */
    public String tail(int bytes) {
        return listener.tail(bytes);
    }

    /** How many output bytes arrived. */
    public long received() {
        return listener.received();
    }

    /** Stops acknowledging output, as a tab that cannot keep up: the runner must stop sending. */
    public void pauseAcks() {
        listener.acking = false;
    }

    /** Acknowledges everything received so far, and from now on each output frame again. */
    public void resumeAcks() {
        listener.acking = true;
        listener.send(socket, TerminalFrames.encode(new TerminalFrame.Ack(listener.received())))
                .join();
    }

    public String awaitOutput(String text, Duration within) {
        await("terminal output containing " + text)
                .atMost(within)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> tail(64 * 1024).contains(text));
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
        if (socket.isOutputClosed()) {
            return;
        }
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        } catch (CompletionException failed) {
            // The server's close can arrive between the check and the send: the JDK then answers it
            // itself and closes the output, which is the end this method wants.
            if (!socket.isOutputClosed()) {
                throw failed;
            }
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private static final int KEPT = 8 * 1024 * 1024;
        private static final int RECENT = 128 * 1024;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final ByteArrayOutputStream recent = new ByteArrayOutputStream();
        private final List<TerminalStatus> statuses = new CopyOnWriteArrayList<>();
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private long received;
        private volatile boolean acking = true;
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

        synchronized String tail(int bytes) {
            byte[] all = recent.toByteArray();
            int from = Math.max(0, all.length - bytes);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }

        /** Keeps the whole output up to a limit (for {@link #output()}) and always its last 128 KiB. */
        private synchronized void keep(byte[] bytes) {
            if (output.size() < KEPT) {
                output.write(bytes, 0, Math.min(bytes.length, KEPT - output.size()));
            }
            recent.writeBytes(bytes);
            if (recent.size() > 2 * RECENT) {
                byte[] all = recent.toByteArray();
                recent.reset();
                recent.write(all, all.length - RECENT, RECENT);
            }
        }

        synchronized long received() {
            return received;
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
                keep(message);
                return;
            }
            try {
                switch (TerminalFrames.decode(ByteBuffer.wrap(message))) {
                    case TerminalFrame.Output out -> {
                        byte[] bytes = new byte[out.data().remaining()];
                        out.data().get(bytes);
                        long total;
                        keep(bytes);
                        synchronized (this) {
                            received += bytes.length;
                            total = received;
                        }
                        if (acking) {
                            send(socket, TerminalFrames.encode(new TerminalFrame.Ack(total)));
                        }
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
