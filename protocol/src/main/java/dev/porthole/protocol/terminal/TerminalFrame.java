package dev.porthole.protocol.terminal;

import java.nio.ByteBuffer;

/**
 * One websocket message of {@code v1.terminal.porthole.dev}: a binary message whose first byte is the type. The
 * layout of each type is in docs/terminal-protocol.md; {@link TerminalFrames} encodes and decodes them.
 */
public sealed interface TerminalFrame {
    /** Client to runner: bytes typed or pasted into the terminal. */
    record Input(ByteBuffer data) implements TerminalFrame {
        public Input {
            data = data.asReadOnlyBuffer();
        }
    }

    /** Runner to client: bytes the terminal printed. */
    record Output(ByteBuffer data) implements TerminalFrame {
        public Output {
            data = data.asReadOnlyBuffer();
        }
    }

    /** Client to runner: the terminal's size in character cells, each between 1 and 65535. */
    record Resize(int columns, int rows) implements TerminalFrame {
        public Resize {
            if (columns < 1 || columns > 0xFFFF || rows < 1 || rows > 0xFFFF) {
                throw new IllegalArgumentException(
                        "a terminal size needs 1 to 65535 columns and rows, not " + columns + "x" + rows);
            }
        }
    }

    /**
     * Client to runner: the total number of output bytes (the payloads of {@link Output} frames, since the
     * connection opened) that the client has rendered.
     */
    record Ack(long totalBytes) implements TerminalFrame {
        public Ack {
            if (totalBytes < 0) {
                throw new IllegalArgumentException("an acknowledged byte count cannot be negative: " + totalBytes);
            }
        }
    }

    /** Runner to client: an event about the terminal or its job. */
    record Status(TerminalStatus status) implements TerminalFrame {}

    /** A type this version does not know, from a newer peer: receivers ignore it. */
    record Unknown(int type) implements TerminalFrame {}
}
