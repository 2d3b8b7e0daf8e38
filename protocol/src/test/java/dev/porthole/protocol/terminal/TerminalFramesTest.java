package dev.porthole.protocol.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalFramesTest {
    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    @Test
    void framesHaveTheDocumentedByteLayout() {
        assertThat(hex(TerminalFrames.encode(new TerminalFrame.Input(ByteBuffer.wrap("ls\r".getBytes())))))
                .isEqualTo("016c730d");
        assertThat(hex(TerminalFrames.output("hi".getBytes(), 0, 2))).isEqualTo("026869");
        assertThat(hex(TerminalFrames.encode(new TerminalFrame.Resize(120, 40))))
                .isEqualTo("030078" + "0028");
        assertThat(hex(TerminalFrames.encode(new TerminalFrame.Ack(1_048_576)))).isEqualTo("040000000000100000");
        ByteBuffer status = TerminalFrames.encode(new TerminalFrame.Status(new TerminalStatus.Exited(3)));
        assertThat(status.get(0)).isEqualTo((byte) 0x05);
        assertThat(new String(status.array(), 1, status.limit() - 1, StandardCharsets.UTF_8))
                .isEqualTo("{\"event\":\"exited\",\"code\":3}");
    }

    @Test
    void everyFrameRoundTrips() throws Exception {
        List<TerminalFrame> frames = List.of(
                new TerminalFrame.Input(ByteBuffer.wrap(new byte[] {0, 4, (byte) 0xff})),
                new TerminalFrame.Output(ByteBuffer.wrap("y\r\n".getBytes())),
                new TerminalFrame.Resize(65535, 1),
                new TerminalFrame.Ack(Long.MAX_VALUE),
                new TerminalFrame.Status(new TerminalStatus.Hello(1, 1 << 20)),
                new TerminalFrame.Status(new TerminalStatus.JobFinished("failed", 1800)),
                new TerminalFrame.Status(new TerminalStatus.Countdown(59)),
                new TerminalFrame.Status(new TerminalStatus.Closing("session_timeout", "timed out")),
                new TerminalFrame.Status(new TerminalStatus.Exited(130)));
        for (TerminalFrame frame : frames) {
            assertThat(TerminalFrames.decode(TerminalFrames.encode(frame))).isEqualTo(frame);
        }
    }

    @Test
    void unknownTypesAndEventsAreKeptForTheReceiverToIgnore() throws Exception {
        assertThat(TerminalFrames.decode(bytes("7f0102"))).isEqualTo(new TerminalFrame.Unknown(0x7f));
        ByteBuffer future = ByteBuffer.wrap("\u0005{\"event\":\"viewer_joined\",\"who\":\"x\"}".getBytes());
        assertThat(TerminalFrames.decode(future))
                .isEqualTo(new TerminalFrame.Status(new TerminalStatus.Other("viewer_joined")));
    }

    @Test
    void malformedFramesSayWhatIsWrong() {
        assertThatThrownBy(() -> TerminalFrames.decode(ByteBuffer.allocate(0)))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("empty frame");
        assertThatThrownBy(() -> TerminalFrames.decode(bytes("030050")))
                .hasMessageContaining("resize frame must be 5 bytes");
        assertThatThrownBy(() -> TerminalFrames.decode(bytes("0300000018"))).hasMessageContaining("at least 1 column");
        assertThatThrownBy(() -> TerminalFrames.decode(bytes("0400")))
                .hasMessageContaining("ack frame must be 9 bytes");
        assertThatThrownBy(() -> TerminalFrames.decode(bytes("04ffffffffffffffff")))
                .hasMessageContaining("beyond");
        assertThatThrownBy(() -> TerminalFrames.decode(bytes("057b"))).hasMessageContaining("status frame is not JSON");
        assertThatThrownBy(() -> TerminalFrames.decode(ByteBuffer.wrap("\u0005[1]".getBytes())))
                .hasMessageContaining("\"event\" string");
    }

    @Test
    void decodingLeavesTheMessageUntouched() throws Exception {
        ByteBuffer message = bytes("01616263");
        TerminalFrame frame = TerminalFrames.decode(message);
        assertThat(message.remaining()).isEqualTo(4);
        assertThat(((TerminalFrame.Input) frame).data().remaining()).isEqualTo(3);
    }

    @Test
    void ourSubprotocolIsPreferredWhateverTheOfferOrder() {
        assertThat(TerminalSubprotocol.choose(List.of("terminal.gitlab.com", "v1.terminal.porthole.dev")))
                .contains(TerminalSubprotocol.PORTHOLE_V1);
        assertThat(TerminalSubprotocol.choose(List.of("base64.terminal.gitlab.com", "terminal.gitlab.com")))
                .contains(TerminalSubprotocol.GITLAB);
        assertThat(TerminalSubprotocol.choose(List.of("base64.terminal.gitlab.com")))
                .contains(TerminalSubprotocol.GITLAB_BASE64);
        assertThat(TerminalSubprotocol.choose(List.of("v2.terminal.porthole.dev", "chat")))
                .isEmpty();
    }
}
