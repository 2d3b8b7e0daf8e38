package dev.porthole.bench;

import dev.porthole.protocol.terminal.MalformedFrameException;
import dev.porthole.protocol.terminal.TerminalFrame;
import dev.porthole.protocol.terminal.TerminalFrames;
import dev.porthole.protocol.terminal.TerminalStatus;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A terminal over a websocket speaking {@code v1.terminal.porthole.dev}, as lean as a client can be so that it
 * measures the path and not itself: it acknowledges every 64 KiB received, as the protocol recommends for a client
 * that renders as fast as output comes.
 */
final class SocketTerminal implements BenchTerminal, WebSocket.Listener {
    static final String SUBPROTOCOL = "v1.terminal.porthole.dev";
    private static final long ACK_EVERY = 64 * 1024;

    private final OutputClock clock = new OutputClock();
    private final CompletableFuture<Void> hello = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long received;
    private long acknowledged;
    private WebSocket socket;
    /** The JDK allows one send at a time: each waits for the one before. */
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private SocketTerminal() {}

    /** Connects and waits for the runner's hello. */
    static SocketTerminal connect(HttpClient http, String wsUrl, Map<String, String> headers) {
        return open(http, wsUrl, headers).join();
    }

    /** Connects; completes after the runner's hello. */
    static CompletableFuture<SocketTerminal> open(HttpClient http, String wsUrl, Map<String, String> headers) {
        var terminal = new SocketTerminal();
        var builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        builder.subprotocols(SUBPROTOCOL);
        return builder.buildAsync(URI.create(wsUrl), terminal)
                .thenCompose(socket -> {
                    synchronized (terminal) {
                        terminal.socket = socket;
                    }
                    if (!SUBPROTOCOL.equals(socket.getSubprotocol())) {
                        throw new IllegalStateException("the terminal answered '" + socket.getSubprotocol() + "'");
                    }
                    return terminal.hello.orTimeout(60, TimeUnit.SECONDS);
                })
                .thenApply(ignored -> terminal);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (this) {
            socket = webSocket;
        }
        webSocket.request(1);
    }

    @Override
    public void type(byte[] bytes) {
        send(TerminalFrames.encode(new TerminalFrame.Input(ByteBuffer.wrap(bytes))))
                .join();
    }

    /** Types without waiting for the send to complete (many terminals from few threads). */
    CompletableFuture<?> send(ByteBuffer message) {
        synchronized (this) {
            WebSocket s = socket;
            lastSend = lastSend.handle((ignored, failure) -> null).thenCompose(ignored -> s.sendBinary(message, true));
            return lastSend;
        }
    }

    @Override
    public OutputClock clock() {
        return clock;
    }

    CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (last && partial.size() == 0) {
            handle(data);
        } else {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                handle(ByteBuffer.wrap(partial.toByteArray()));
                partial.reset();
            }
        }
        webSocket.request(1);
        return null;
    }

    private void handle(ByteBuffer message) {
        try {
            switch (TerminalFrames.decode(message)) {
                case TerminalFrame.Output output -> {
                    received += output.data().remaining();
                    clock.arrived(output.data());
                    if (received - acknowledged >= ACK_EVERY) {
                        acknowledged = received;
                        send(TerminalFrames.encode(new TerminalFrame.Ack(received)));
                    }
                }
                case TerminalFrame.Status status -> {
                    if (status.status() instanceof TerminalStatus.Hello) {
                        hello.complete(null);
                    }
                }
                default -> {}
            }
        } catch (MalformedFrameException e) {
            closed.complete("malformed frame: " + e.getMessage());
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        hello.completeExceptionally(new IllegalStateException("closed: " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error: " + error);
        hello.completeExceptionally(error);
    }

    @Override
    public void close() {
        WebSocket s;
        synchronized (this) {
            s = socket;
        }
        if (s != null && !s.isOutputClosed()) {
            try {
                lastSend.handle((ignored, failure) -> null)
                        .thenCompose(ignored -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"))
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                s.abort();
            }
        }
    }
}
