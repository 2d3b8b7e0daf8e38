package dev.porthole.server.web.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.porthole.server.web.NodeRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page's JavaScript parser ({@code ansi.js}) and the server's ({@link LogParser}) make the same events of the
 * same bytes, however they are cut: lines, sections, styles, arrival times, previews of the unfinished line and the
 * state between lines. Runs {@code ansi.js} with Node.js; skipped where there is no {@code node}.
 */
class LogParserParityTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path ANSI_JS = Path.of("src/main/resources/static/assets/js/ansi.js");
    private static final Path SCRIPT = Path.of("src/test/resources/web/ansi-parity.mjs");

    @TempDir
    Path temp;

    @Test
    void bothParsersMakeTheSameEventsOfTheSameBytes() throws Exception {
        assumeThat(NodeRuntime.available()).as("node is installed").isTrue();
        List<List<Chunk>> cases = new ArrayList<>();
        var random = new Random(7);
        for (String log : LogSamples.all()) {
            byte[] bytes = LogSamples.bytes(log);
            cases.add(List.of(new Chunk(bytes, 1700000000000L)));
            for (int round = 0; round < 40; round++) {
                cases.add(cut(bytes, random, round % 2 == 0 ? 3 : 40));
            }
        }
        cases.add(List.of(new Chunk(new byte[] {'a', (byte) 0xff, 'b', '\n', (byte) 0xe2, (byte) 0x9c}, null)));

        JsonNode fromJavaScript = runNode(cases);
        for (int i = 0; i < cases.size(); i++) {
            assertThat(fromJavaScript.get(i)).as("case " + i).isEqualTo(fromJava(cases.get(i)));
        }
    }

    private record Chunk(byte[] data, Long at) {}

    private static List<Chunk> cut(byte[] bytes, Random random, int largest) {
        List<Chunk> chunks = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int end = Math.min(bytes.length, at + 1 + random.nextInt(largest));
            chunks.add(new Chunk(Arrays.copyOfRange(bytes, at, end), random.nextBoolean() ? null : 1000L + at));
            at = end;
        }
        return chunks;
    }

    private static JsonNode fromJava(List<Chunk> chunks) {
        var parser = new LogParser();
        List<Object> events = new ArrayList<>();
        List<Object> previews = new ArrayList<>();
        for (Chunk chunk : chunks) {
            parser.push(chunk.data(), chunk.at()).forEach(e -> events.add(asJson(e)));
            previews.add(
                    parser.preview().stream().map(LogParserParityTest::asJson).toList());
        }
        LogParser.State state = parser.state();
        parser.finish().forEach(e -> events.add(asJson(e)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", events);
        result.put("previews", previews);
        result.put("state", state);
        return JSON.readTree(JSON.writeValueAsString(result)); // numbers typed as when read from Node.js
    }

    /** An event as ansi.js writes it. */
    private static Map<String, Object> asJson(LogEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (event) {
            case LogEvent.SectionStart s -> {
                json.put("type", "start");
                json.put("name", s.name());
                json.put("time", s.time());
                json.put("collapsed", s.collapsed());
                json.put("hideDuration", s.hideDuration());
            }
            case LogEvent.SectionEnd e -> {
                json.put("type", "end");
                json.put("name", e.name());
                json.put("time", e.time());
            }
            case LogEvent.Line l -> {
                json.put("type", "line");
                json.put("number", l.number());
                json.put("segments", l.segments());
                json.put("at", l.at());
                json.put("stamp", l.stamp());
                json.put("header", l.header());
            }
        }
        return json;
    }

    private JsonNode runNode(List<List<Chunk>> cases) throws IOException, InterruptedException {
        // A copy with the .mjs extension: Node loads it as the ES module it is.
        Path module = Files.copy(ANSI_JS, temp.resolve("ansi.mjs"));
        List<Object> input = cases.stream()
                .map(chunks -> (Object) Map.of(
                        "chunks",
                        chunks.stream()
                                .map(c -> {
                                    Map<String, Object> chunk = new LinkedHashMap<>();
                                    chunk.put("data", Base64.getEncoder().encodeToString(c.data()));
                                    chunk.put("at", c.at());
                                    return chunk;
                                })
                                .toList()))
                .toList();
        Path in = temp.resolve("input.json");
        Files.writeString(in, JSON.writeValueAsString(Map.of("cases", input)));
        Path out = temp.resolve("output.json");
        Process node = new ProcessBuilder(
                        "node",
                        SCRIPT.toAbsolutePath().toString(),
                        module.toUri().toString())
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue()).as("node's exit code").isZero();
        return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
    }
}
