package dev.porthole.protocol.terminal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes and decodes {@code v1.terminal.porthole.dev} frames. Every frame is one binary websocket message: byte 0
 * is the type, the rest its payload; numbers are unsigned big-endian. Thread-safe.
 */
public final class TerminalFrames {
    public static final int INPUT = 0x01;
    public static final int OUTPUT = 0x02;
    public static final int RESIZE = 0x03;
    public static final int ACK = 0x04;
    public static final int STATUS = 0x05;

    /** The protocol version of this codec, as {@link TerminalStatus.Hello} states it. */
    public static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TerminalFrames() {}

    public static ByteBuffer encode(TerminalFrame frame) {
        return switch (frame) {
            case TerminalFrame.Input input -> withType(INPUT, input.data());
            case TerminalFrame.Output output -> withType(OUTPUT, output.data());
            case TerminalFrame.Resize resize ->
                ByteBuffer.allocate(5)
                        .put((byte) RESIZE)
                        .putShort((short) resize.columns())
                        .putShort((short) resize.rows())
                        .flip();
            case TerminalFrame.Ack ack ->
                ByteBuffer.allocate(9).put((byte) ACK).putLong(ack.totalBytes()).flip();
            case TerminalFrame.Status status -> withType(STATUS, ByteBuffer.wrap(json(status.status())));
            case TerminalFrame.Unknown unknown ->
                throw new IllegalArgumentException("cannot send a frame of unknown type " + unknown.type());
        };
    }

    /** An output frame of {@code length} bytes from {@code bytes}, without an intermediate copy. */
    public static ByteBuffer output(byte[] bytes, int offset, int length) {
        return ByteBuffer.allocate(length + 1)
                .put((byte) OUTPUT)
                .put(bytes, offset, length)
                .flip();
    }

    /** Decodes one binary message; the buffer is not consumed. */
    public static TerminalFrame decode(ByteBuffer message) throws MalformedFrameException {
        ByteBuffer frame = message.slice();
        if (!frame.hasRemaining()) {
            throw new MalformedFrameException("empty frame: byte 0 must be the frame type");
        }
        int type = Byte.toUnsignedInt(frame.get());
        ByteBuffer payload = frame.slice();
        return switch (type) {
            case INPUT -> new TerminalFrame.Input(payload);
            case OUTPUT -> new TerminalFrame.Output(payload);
            case RESIZE -> {
                if (payload.remaining() != 4) {
                    throw new MalformedFrameException(
                            "resize frame must be 5 bytes (type, columns, rows), not " + frame.limit());
                }
                int columns = Short.toUnsignedInt(payload.getShort());
                int rows = Short.toUnsignedInt(payload.getShort());
                if (columns == 0 || rows == 0) {
                    throw new MalformedFrameException("resize frame needs at least 1 column and 1 row");
                }
                yield new TerminalFrame.Resize(columns, rows);
            }
            case ACK -> {
                if (payload.remaining() != 8) {
                    throw new MalformedFrameException(
                            "ack frame must be 9 bytes (type, 64-bit byte count), not " + frame.limit());
                }
                long total = payload.getLong();
                if (total < 0) {
                    throw new MalformedFrameException("ack frame count is beyond 2^63-1");
                }
                yield new TerminalFrame.Ack(total);
            }
            case STATUS -> new TerminalFrame.Status(status(payload));
            default -> new TerminalFrame.Unknown(type);
        };
    }

    private static ByteBuffer withType(int type, ByteBuffer payload) {
        ByteBuffer data = payload.duplicate();
        return ByteBuffer.allocate(data.remaining() + 1)
                .put((byte) type)
                .put(data)
                .flip();
    }

    private static byte[] json(TerminalStatus status) {
        ObjectNode node = JSON.createObjectNode();
        switch (status) {
            case TerminalStatus.Hello hello ->
                node.put("event", "hello").put("version", hello.version()).put("window", hello.window());
            case TerminalStatus.JobFinished finished ->
                node.put("event", "job_finished")
                        .put("result", finished.result())
                        .put("timeout_seconds", finished.timeoutSeconds());
            case TerminalStatus.Countdown countdown ->
                node.put("event", "countdown").put("remaining_seconds", countdown.remainingSeconds());
            case TerminalStatus.Closing closing ->
                node.put("event", "closing").put("reason", closing.reason()).put("message", closing.message());
            case TerminalStatus.Exited exited -> node.put("event", "exited").put("code", exited.code());
            case TerminalStatus.Other other ->
                throw new IllegalArgumentException("cannot send an unknown status event " + other.event());
        }
        return JSON.writeValueAsBytes(node);
    }

    private static TerminalStatus status(ByteBuffer payload) throws MalformedFrameException {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new MalformedFrameException("status frame is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.path("event").isString()) {
            throw new MalformedFrameException("status frame must be a JSON object with an \"event\" string: "
                    + new String(bytes, StandardCharsets.UTF_8));
        }
        String event = node.path("event").asString();
        return switch (event) {
            case "hello" ->
                new TerminalStatus.Hello(
                        node.path("version").asInt(), node.path("window").asLong());
            case "job_finished" ->
                new TerminalStatus.JobFinished(
                        node.path("result").asString(""),
                        node.path("timeout_seconds").asLong());
            case "countdown" ->
                new TerminalStatus.Countdown(node.path("remaining_seconds").asLong());
            case "closing" ->
                new TerminalStatus.Closing(
                        node.path("reason").asString(""), node.path("message").asString(""));
            case "exited" -> new TerminalStatus.Exited(node.path("code").asInt());
            default -> new TerminalStatus.Other(event);
        };
    }
}
