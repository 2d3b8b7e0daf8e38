package dev.porthole.server.web.jobs;

import static dev.porthole.server.web.jobs.LogSamples.ESC;
import static dev.porthole.server.web.jobs.LogSamples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The log parser's rules, one at a time, and that how the bytes were cut never changes what they make. */
class LogParserTest {

    /** A compact, readable form of events: one string per event. */
    static List<String> describe(List<LogEvent> events) {
        return events.stream().map(LogParserTest::describe).toList();
    }

    static String describe(LogEvent event) {
        return switch (event) {
            case LogEvent.SectionStart s ->
                "start " + s.name() + "@" + s.time() + (s.collapsed() ? " collapsed" : "")
                        + (s.hideDuration() ? " hide_duration" : "");
            case LogEvent.SectionEnd e -> "end " + e.name() + "@" + e.time();
            case LogEvent.Line l ->
                (l.header() ? "header " : "line ") + l.number() + (l.stamp() == null ? "" : " [" + l.stamp() + "]")
                        + ": "
                        + l.segments().stream()
                                .map(s -> s.classes().isEmpty() && s.css().isEmpty()
                                        ? s.text()
                                        : "{" + (s.classes() + " " + s.css()).strip() + "}" + s.text() + "{/}")
                                .collect(Collectors.joining());
        };
    }

    private static List<LogEvent> parse(String log) {
        var parser = new LogParser();
        List<LogEvent> events = new ArrayList<>(parser.push(bytes(log), null));
        events.addAll(parser.finish());
        return events;
    }

    @Test
    void aRunnerLogBecomesSectionsWithHeadersAndStyledLines() {
        assertThat(describe(parse(LogSamples.RUNNER)))
                .containsExactly(
                        "line 1: Running with porthole-runner 1.0",
                        "start prepare_executor@1700000000",
                        "header 2: {t-fg2 t-b}Preparing the shell executor{/}",
                        "line 3: Using Shell executor...",
                        "end prepare_executor@1700000002",
                        "start step_script@1700000002 collapsed",
                        "header 4: {t-fg2 t-b}$ make{/}",
                        "line 5: {t-fg1}error:{/} <script>alert('x')</script> & \"quotes\"",
                        "line 6: progress 100%",
                        "start inner@1700000003 hide_duration",
                        "header 7: nested header",
                        "line 8: inside",
                        "end inner@1700000004",
                        "end step_script@1700000065",
                        "line 9: {t-fg2 t-b}Job succeeded{/}");
    }

    @Test
    void coloursAndStylesAsTerminalsShowThem() {
        List<String> lines = describe(parse(LogSamples.COLOURS));
        assertThat(lines.get(0)).isEqualTo("line 1: {t-b}bold{/} {t-i}italic{/} {t-u}under{/}");
        assertThat(lines.get(1))
                .isEqualTo("line 2: {t-fg0}k{/}{t-fg1}r{/}{t-fg2}g{/}{t-fg3}y{/}{t-fg4}b{/}{t-fg5}m{/}{t-fg6}c{/}"
                        + "{t-fg7}w{/}");
        assertThat(lines.get(2)).isEqualTo("line 3: {t-fg8}K{/}{t-fg15}W{/}{t-fg11 t-bg1}on red{/} plain");
        assertThat(lines.get(3))
                .isEqualTo("line 4: {color:#ff8700}orange{/}{color:#ff8700;background-color:#005f00} on green{/}"
                        + " {color:#808080}grey{/}");
        // A bad 256-colour index is ignored; a cut one drops the rest of its parameters.
        assertThat(lines.get(4)).isEqualTo("line 5: {color:#ff8000}true colour{/} bad indexcut");
        assertThat(lines.get(5)).isEqualTo("line 6: style carries");
        assertThat(lines.get(6)).isEqualTo("line 7: {t-fg4 t-b}over lines{/}");
        assertThat(lines.get(7)).isEqualTo("line 8: link charset cursor hidden cursor");
        assertThat(lines.get(8)).isEqualTo("line 9: bell backspace tab\tend");
        assertThat(lines.get(9)).isEqualTo("line 10: after");
        assertThat(lines.get(10)).isEqualTo("line 11: keep this");
        assertThat(lines.get(11)).isEqualTo("line 12: new");
        assertThat(lines.get(12)).isEqualTo("line 13: line with CRLF");
        assertThat(lines.get(13)).isEqualTo("line 14: ");
        assertThat(lines.get(14)).isEqualTo("line 15: unicode: héllo ✓ 😀 日本語");
        assertThat(lines.get(15)).isEqualTo("line 16: broken ");
        assertThat(lines).hasSize(16);
    }

    @Test
    void theRunnersTimestampsBecomeTheLinesStamps() {
        assertThat(describe(parse(LogSamples.STAMPED)))
                .containsExactly(
                        "line 1 [2024-05-14T11:19:20.123456Z]: first",
                        "start build@1715685561",
                        "header 2 [2024-05-14T11:19:21.000000Z]: building",
                        "line 3 [2024-05-14T11:19:22.500000Z]: done",
                        "end build@1715685563",
                        "line 4: not a stamp: 2024-05-14 11:19:20");
    }

    @Test
    void markersInOddPlaces() {
        assertThat(describe(parse(LogSamples.MARKERS)))
                .containsExactly(
                        "line 1: before ",
                        "start a@10",
                        "header 2: header a",
                        "start b@11",
                        "header 3: ",
                        "line 4: in b",
                        "end b@20",
                        "end a@20",
                        "line 5: after a",
                        "line 6: still here",
                        "start c@30",
                        "header 7: ",
                        "end c@31",
                        "line 8:  not a marker",
                        "start open@40",
                        "header 9: left open",
                        "line 10: last line without break");
    }

    @Test
    void onlyCompleteLinesAreParsedAndThePreviewShowsTheRest() {
        var parser = new LogParser();
        assertThat(parser.push(bytes("downloading 10%\rdownloading 60%"), 1L)).isEmpty();
        assertThat(describe(parser.preview())).containsExactly("line 1: downloading 60%");
        assertThat(describe(parser.preview())).as("a preview consumes nothing").hasSize(1);
        assertThat(describe(parser.push(bytes("\rdone\nnext"), 2L))).containsExactly("line 1: done");
        assertThat(describe(parser.finish())).containsExactly("line 2: next");
    }

    @Test
    void aLineArrivesWhenItsFirstByteDid() {
        var parser = new LogParser();
        List<LogEvent> events = new ArrayList<>(parser.push(bytes("one\ntw"), 100L));
        events.addAll(parser.push(bytes("o\nthree\n"), 200L));
        events.addAll(parser.push(bytes("four"), 300L));
        events.addAll(parser.finish());
        assertThat(events).map(e -> ((LogEvent.Line) e).at()).containsExactly(100L, 100L, 200L, 300L);
    }

    @Test
    void theStateBetweenLinesCarriesStylesAndOpenSectionsToANewParser() {
        var first = new LogParser();
        first.push(bytes("section_start:5:s\r" + ESC + "[0Kh\n" + ESC + "[35mpink\n"), null);
        var second = new LogParser(first.state());
        assertThat(describe(second.push(bytes("still pink\nsection_end:9:s\r" + ESC + "[0K\n"), null)))
                .containsExactly("line 3: {t-fg5}still pink{/}", "end s@9");
    }

    @Test
    void cuttingTheBytesAnywhereMakesTheSameLines() {
        var random = new Random(42);
        for (String log : LogSamples.all()) {
            List<String> whole = describe(parse(log));
            byte[] bytes = bytes(log);
            for (int round = 0; round < 200; round++) {
                var parser = new LogParser();
                List<LogEvent> events = new ArrayList<>();
                int at = 0;
                while (at < bytes.length) {
                    int size = 1 + random.nextInt(round % 2 == 0 ? 4 : 64);
                    int end = Math.min(bytes.length, at + size);
                    events.addAll(parser.push(Arrays.copyOfRange(bytes, at, end), (long) at));
                    at = end;
                }
                events.addAll(parser.finish());
                assertThat(describe(events)).as("round " + round).isEqualTo(whole);
            }
        }
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        var parser = new LogParser();
        List<LogEvent> events =
                new ArrayList<>(parser.push(new byte[] {'a', (byte) 0xff, 'b', '\n', (byte) 0xe2}, null));
        events.addAll(parser.finish());
        assertThat(describe(events)).containsExactly("line 1: a\uFFFDb", "line 2: \uFFFD");
    }

    @Test
    void thePaletteAboveSixteenIsXterms() {
        assertThat(LogParser.hex(16)).isEqualTo("#000000");
        assertThat(LogParser.hex(196)).isEqualTo("#ff0000");
        assertThat(LogParser.hex(231)).isEqualTo("#ffffff");
        assertThat(LogParser.hex(232)).isEqualTo("#080808");
        assertThat(LogParser.hex(255)).isEqualTo("#eeeeee");
        assertThat(LogParser.hex(0x1000000 | 0x123456)).isEqualTo("#123456");
    }
}
