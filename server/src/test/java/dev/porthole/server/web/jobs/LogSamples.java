package dev.porthole.server.web.jobs;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Logs that exercise every rule of the log parser, shared by its tests and the JavaScript parity test. */
final class LogSamples {
    private LogSamples() {}

    static final String ESC = "\u001b";

    /** A log as Porthole's runner writes one: sections, colours, a progress bar, and text that looks like HTML. */
    static final String RUNNER = "Running with porthole-runner 1.0\n"
            + "section_start:1700000000:prepare_executor\r" + ESC + "[0K" + ESC + "[32;1mPreparing the shell executor"
            + ESC + "[0;m\n"
            + "Using Shell executor...\n"
            + "section_end:1700000002:prepare_executor\r" + ESC + "[0K"
            + "section_start:1700000002:step_script[collapsed=true]\r" + ESC + "[0K" + ESC + "[32;1m$ make"
            + ESC + "[0;m\n"
            + ESC + "[31merror:" + ESC + "[0m <script>alert('x')</script> & \"quotes\"\n"
            + "progress 10%\rprogress 50%\rprogress 100%\n"
            + "section_start:1700000003:inner[hide_duration=true]\r" + ESC + "[0Knested header\n"
            + "inside\n"
            + "section_end:1700000004:inner\r" + ESC + "[0K"
            + "section_end:1700000065:step_script\r" + ESC + "[0K"
            + ESC + "[32;1mJob succeeded" + ESC + "[0;m\n";

    /** Every SGR the parser knows, and the escapes it drops. */
    static final String COLOURS = ESC + "[1mbold" + ESC + "[22m " + ESC + "[3mitalic" + ESC + "[23m " + ESC
            + "[4munder" + ESC + "[24m\n"
            + ESC + "[30mk" + ESC + "[31mr" + ESC + "[32mg" + ESC + "[33my" + ESC + "[34mb" + ESC + "[35mm" + ESC
            + "[36mc" + ESC + "[37mw" + ESC + "[39m\n"
            + ESC + "[90mK" + ESC + "[97mW" + ESC + "[41;93mon red" + ESC + "[49;39m plain\n"
            + ESC + "[38;5;208morange" + ESC + "[48;5;22m on green" + ESC + "[0m " + ESC + "[38;5;244mgrey" + ESC
            + "[0m\n"
            + ESC + "[38;2;255;128;0mtrue colour" + ESC + "[0m " + ESC + "[38;5;999mbad index" + ESC + "[38;5mcut\n"
            + "style carries" + ESC + "[1;34m\nover lines\n" + ESC + "[0m"
            + ESC + "]0;window title\u0007" + ESC + "]8;;https://example.com" + ESC + "\\link" + ESC + "]8;;" + ESC
            + "\\ " + ESC + "(Bcharset " + ESC + "[2Acursor " + ESC + "[?25lhidden cursor\n"
            + "bell\u0007 backspace\b tab\tend" + ESC + "\n"
            + "clear " + ESC + "[2Kafter\n"
            + "keep " + ESC + "[K" + "this\n"
            + "gone\r" + ESC + "[Knew\n"
            + "line with CRLF\r\n"
            + "\n"
            + "unicode: héllo ✓ 😀 日本語\n"
            + "broken " + ESC + "[31";

    /** The runner's own timestamps (FF_TIMESTAMPS), and markers after them. */
    static final String STAMPED = "2024-05-14T11:19:20.123456Z 00O first\n"
            + "2024-05-14T11:19:21.000000Z 00E+section_start:1715685561:build\r" + ESC + "[0Kbuilding\n"
            + "2024-05-14T11:19:22.500000Z 00O done\n"
            + "2024-05-14T11:19:23.000000Z 00O section_end:1715685563:build\r" + ESC + "[0K\n"
            + "not a stamp: 2024-05-14 11:19:20\n";

    /** Markers in odd places: mid-line, unclosed, closing an outer section, unknown names, empty headers. */
    static final String MARKERS = "before section_start:10:a\r" + ESC + "[0Kheader a\n"
            + "section_start:11:b\r" + ESC + "[0K\n"
            + "in b\n"
            + "section_end:20:a\r" + ESC + "[0Kafter a\n"
            + "section_end:21:nobody\r" + ESC + "[0Kstill here\n"
            + "section_start:30:c\r" + ESC + "[0Ksection_end:31:c\r" + ESC + "[0K"
            + "section_start:x:bad\r" + ESC + "[0K not a marker\n"
            + "section_start:40:open\r" + ESC + "[0Kleft open\n"
            + "last line without break";

    static List<String> all() {
        return List.of(RUNNER, COLOURS, STAMPED, MARKERS);
    }

    static byte[] bytes(String log) {
        return log.getBytes(StandardCharsets.UTF_8);
    }
}
