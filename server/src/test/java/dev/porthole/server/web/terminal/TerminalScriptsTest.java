package dev.porthole.server.web.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.porthole.protocol.terminal.TerminalFrame;
import dev.porthole.protocol.terminal.TerminalFrames;
import dev.porthole.protocol.terminal.TerminalStatus;
import dev.porthole.protocol.terminal.TerminalSubprotocol;
import dev.porthole.server.web.NodeRuntime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The terminal page's frame codec ({@code terminal-frames.js}) writes the bytes the protocol module's codec writes
 * and reads what it writes; its close messages say what each close code means. Runs the modules with Node.js;
 * skipped where there is no {@code node}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerminalScriptsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    private static final Path SCRIPTS = Path.of("src/main/resources/static/assets/js");
    private static final Path CHECK = Path.of("src/test/resources/web/terminal-check.mjs");

    private static final List<TerminalStatus> STATUSES = List.of(
            new TerminalStatus.Hello(1, 1_048_576),
            new TerminalStatus.JobFinished("failed", 1800),
            new TerminalStatus.Countdown(1770),
            new TerminalStatus.Closing("session_timeout", "terminal session timed out (maximum time allowed - 30m0s)"),
            new TerminalStatus.Exited(130));
    private static final byte[] OUTPUT = {
        0x1b, '[', '3', '2', 'm', 'o', 'k', (byte) 0xe2, (byte) 0x9c, (byte) 0x93, 0, -1
    };

    @TempDir
    static Path temp;

    private JsonNode result;

    @BeforeAll
    void runTheScripts() throws Exception {
        assumeThat(NodeRuntime.available()).as("node is installed").isTrue();
        List<String> decode = new java.util.ArrayList<>();
        decode.add(hex(TerminalFrames.encode(new TerminalFrame.Output(ByteBuffer.wrap(OUTPUT)))));
        decode.add(hex(TerminalFrames.encode(new TerminalFrame.Output(ByteBuffer.allocate(0)))));
        for (TerminalStatus status : STATUSES) {
            decode.add(hex(TerminalFrames.encode(new TerminalFrame.Status(status))));
        }
        decode.addAll(List.of("09abcd", "", "05" + HEX.formatHex("not json".getBytes(StandardCharsets.UTF_8)), "0100"));
        Map<String, Object> cases = Map.of(
                "encode",
                List.of(
                        Map.of("fn", "input", "args", List.of("ls -la\r")),
                        Map.of("fn", "input", "args", List.of("é ✓ 🙂")),
                        Map.of("fn", "input", "args", List.of(Map.of("hex", "00ff1b"))),
                        Map.of("fn", "resize", "args", List.of(120, 40)),
                        Map.of("fn", "resize", "args", List.of(65535, 1)),
                        Map.of("fn", "ack", "args", List.of(786)),
                        Map.of("fn", "ack", "args", List.of(1_099_511_627_781L)),
                        Map.of("fn", "resize", "args", List.of(0, 24)),
                        Map.of("fn", "resize", "args", List.of(80, 65536)),
                        Map.of("fn", "ack", "args", List.of(-1))),
                "decode",
                decode,
                "closes",
                List.of(
                        List.of(1000, "shell exited with code 0", true),
                        List.of(1001, "the job was canceled", true),
                        List.of(4423, "Another terminal is connected to this job's session.", false),
                        List.of(4404, "This job is not running, so it has no terminal.", false),
                        List.of(4502, "", false),
                        List.of(1006, "", false),
                        List.of(1006, "", true),
                        List.of(1011, "Lost the connection to the runner", true),
                        List.of(3999, "", true)),
                "clocks",
                List.of(0, 65, 1799.6, 3723, -5));
        result = run(cases);
    }

    @Test
    void framesThePageSendsAreTheBytesTheProtocolModuleWrites() {
        List<String> expected = List.of(
                hex(TerminalFrames.encode(new TerminalFrame.Input(utf8("ls -la\r")))),
                hex(TerminalFrames.encode(new TerminalFrame.Input(utf8("é ✓ 🙂")))),
                hex(TerminalFrames.encode(new TerminalFrame.Input(ByteBuffer.wrap(HEX.parseHex("00ff1b"))))),
                hex(TerminalFrames.encode(new TerminalFrame.Resize(120, 40))),
                hex(TerminalFrames.encode(new TerminalFrame.Resize(65535, 1))),
                hex(TerminalFrames.encode(new TerminalFrame.Ack(786))),
                hex(TerminalFrames.encode(new TerminalFrame.Ack(1_099_511_627_781L))),
                "RangeError",
                "RangeError",
                "RangeError");
        assertThat(strings(result.get("encoded"))).isEqualTo(expected);
    }

    @Test
    void framesTheRunnerSendsAreReadAsItMeantThem() {
        JsonNode decoded = result.get("decoded");
        assertThat(decoded.get(0).get("type").asString()).isEqualTo("output");
        assertThat(decoded.get(0).get("data").asString()).isEqualTo(HEX.formatHex(OUTPUT));
        assertThat(decoded.get(1).get("data").asString()).isEmpty();
        for (int i = 0; i < STATUSES.size(); i++) {
            JsonNode frame = decoded.get(2 + i);
            assertThat(frame.get("type").asString()).isEqualTo("status");
            byte[] payload = TerminalFrames.encode(new TerminalFrame.Status(STATUSES.get(i)))
                    .array();
            JsonNode written = JSON.readTree(new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8));
            assertThat(frame.get("event")).isEqualTo(written);
        }
        int more = 2 + STATUSES.size();
        assertThat(decoded.get(more).toString()).isEqualTo("{\"type\":\"unknown\",\"code\":9}");
        assertThat(decoded.get(more + 1).get("type").asString()).isEqualTo("invalid");
        assertThat(decoded.get(more + 2).get("reason").asString()).isEqualTo("status frame is not JSON");
        assertThat(decoded.get(more + 3).get("reason").asString()).contains("from the client to the runner");
    }

    @Test
    void thePageOffersOurSubprotocolFirstThenGitLabs() {
        assertThat(strings(result.get("offered")))
                .containsExactly(TerminalSubprotocol.PORTHOLE_V1.token(), TerminalSubprotocol.GITLAB.token());
    }

    @Test
    void everyCloseReadsAsASentenceWithWhatTheServerSaid() {
        JsonNode closes = result.get("closes");
        assertThat(closes.get(0).toString())
                .isEqualTo("{\"state\":\"ended\",\"title\":\"The terminal session ended.\","
                        + "\"detail\":\"shell exited with code 0\"}");
        assertThat(closes.get(1).get("detail").asString()).isEqualTo("the job was canceled");
        assertThat(closes.get(2).get("title").asString()).isEqualTo("Another terminal is connected to this job.");
        assertThat(closes.get(2).get("state").asString()).isEqualTo("disconnected");
        assertThat(closes.get(3).get("title").asString()).isEqualTo("This job has no terminal now.");
        assertThat(closes.get(3).get("state").asString()).isEqualTo("ended");
        assertThat(closes.get(4).get("title").asString()).isEqualTo("The server cannot reach the runner.");
        assertThat(closes.get(5).get("title").asString()).contains("did not accept");
        assertThat(closes.get(6).get("title").asString()).contains("was lost");
        assertThat(closes.get(7).get("detail").asString()).isEqualTo("Lost the connection to the runner");
        assertThat(closes.get(8).get("title").asString()).contains("code 3999");
        for (JsonNode close : closes) {
            assertThat(close.get("title").asString()).doesNotContainIgnoringCase("connection failure");
        }
    }

    @Test
    void theCountdownReadsAsMinutesAndSeconds() {
        assertThat(strings(result.get("clocks"))).containsExactly("0:00", "1:05", "29:59", "1:02:03", "0:00");
    }

    private JsonNode run(Map<String, Object> cases) throws IOException, InterruptedException {
        // Copies with the .mjs extension: Node loads them as the ES modules they are.
        Path frames = Files.copy(SCRIPTS.resolve("terminal-frames.js"), temp.resolve("terminal-frames.mjs"));
        Path messages = Files.copy(SCRIPTS.resolve("terminal-messages.js"), temp.resolve("terminal-messages.mjs"));
        Path in = temp.resolve("input.json");
        Files.writeString(in, JSON.writeValueAsString(cases));
        Path out = temp.resolve("output.json");
        Process node = new ProcessBuilder(
                        "node",
                        CHECK.toAbsolutePath().toString(),
                        frames.toUri().toString(),
                        messages.toUri().toString())
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue()).as("node's exit code").isZero();
        return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return HEX.formatHex(bytes);
    }
}
