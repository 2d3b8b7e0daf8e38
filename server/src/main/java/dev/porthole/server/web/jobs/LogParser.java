package dev.porthole.server.web.jobs;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a job's log, as bytes in the pieces they arrived in, into {@link LogEvent}s: lines of styled text, and GitLab's
 * collapsible sections. {@code static/assets/js/ansi.js} is the same machine in JavaScript, for the bytes that arrive
 * while the page is open; change both together ({@code LogParserParityTest} runs both on the same bytes).
 *
 * <p>The rules, as a terminal and GitLab's log viewer behave:
 *
 * <ul>
 *   <li>Only complete lines (ended by {@code \n}) are parsed for good, so how the bytes were cut never changes the
 *       outcome; the unfinished last line can be previewed ({@link #preview}) and is parsed by {@link #finish}.
 *   <li>SGR escapes ({@code ESC [ ... m}) set colours (8, 16, 256 and true colour), bold, italic and underline; the
 *       style carries over to later lines until reset. Other escapes are dropped, as are control characters other
 *       than tab.
 *   <li>{@code \r} moves to the start of the line: text written after it replaces the line (progress bars), and so
 *       does {@code ESC [ K} right after it; {@code ESC [ 2K} clears the line.
 *   <li>{@code section_start:<unix>:<name>[<options>]\r ESC [0K<header>} opens a section whose header is the rest of
 *       that line, and {@code section_end:<unix>:<name>\r ESC [0K} closes it (and any section opened inside it that is
 *       still open). A line that held only markers is not a line of its own.
 *   <li>A line that starts with the runner's timestamp ({@code FF_TIMESTAMPS}: {@code 2024-05-14T11:19:20.000000Z
 *       00O }) loses it to the line's {@code stamp}.
 * </ul>
 */
final class LogParser {
    private static final Pattern MARKER = Pattern.compile(
            "section_(start|end):(\\d{1,15}):([A-Za-z0-9_.-]+)(?:\\[([^\\]\\r\\n]*)\\])?\\r\\u001b\\[0?K");
    private static final Pattern STAMP =
            Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?Z) [0-9a-fA-F]{2}[OE][+ ]");
    private static final char ESC = '\u001b';

    /** Where a section that is still open started. */
    record OpenSection(String name, long time) {}

    /** The style in force: a colour is -1 (default), 0..255 (palette) or 0x1000000 + RGB (true colour). */
    record Style(int fg, int bg, boolean bold, boolean italic, boolean underline) {
        static final Style DEFAULT = new Style(-1, -1, false, false, false);
    }

    /** What carries from one line to the next: the parser's whole state between two lines. */
    record State(Style style, List<OpenSection> sections, int lines) {
        static final State START = new State(Style.DEFAULT, List.of(), 0);
    }

    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer undecoded = ByteBuffer.allocate(0);

    private int fg;
    private int bg;
    private boolean bold;
    private boolean italic;
    private boolean underline;
    private final List<OpenSection> sections = new ArrayList<>();
    private int lines;

    private final StringBuilder pending = new StringBuilder();
    private Long pendingAt;

    // Per line being parsed.
    private final List<LogEvent.Segment> segments = new ArrayList<>();
    private boolean carriageReturn;
    private boolean headerPending;
    private boolean hadMarker;

    LogParser() {
        this(State.START);
    }

    LogParser(State state) {
        fg = state.style().fg();
        bg = state.style().bg();
        bold = state.style().bold();
        italic = state.style().italic();
        underline = state.style().underline();
        sections.addAll(state.sections());
        lines = state.lines();
    }

    /** The state between lines; meaningful when everything pushed so far ended with a line break. */
    State state() {
        return new State(new Style(fg, bg, bold, italic, underline), List.copyOf(sections), lines);
    }

    /** Bytes that arrived {@code at} (epoch milliseconds, or null); returns the events of the lines they complete. */
    List<LogEvent> push(byte[] bytes, Long at) {
        return pushText(decode(bytes, false), at);
    }

    List<LogEvent> pushText(String text, Long at) {
        List<LogEvent> events = new ArrayList<>();
        if (text.isEmpty()) {
            return events;
        }
        if (pending.isEmpty()) {
            pendingAt = at;
        }
        pending.append(text);
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            parseLine(line, pendingAt, events);
            pendingAt = pending.isEmpty() ? null : at;
        }
        return events;
    }

    /** The end of the log: the unfinished last line is parsed as it is. */
    List<LogEvent> finish() {
        List<LogEvent> events = new ArrayList<>(pushText(decode(new byte[0], true), pendingAt));
        if (!pending.isEmpty()) {
            String line = pending.toString();
            pending.setLength(0);
            parseLine(line, pendingAt, events);
        }
        return events;
    }

    /** The lines the unfinished last line would make if the log ended now, without consuming it. */
    List<LogEvent> preview() {
        if (pending.isEmpty()) {
            return List.of();
        }
        var copy = new LogParser(state());
        List<LogEvent> events = new ArrayList<>();
        copy.parseLine(pending.toString(), pendingAt, events);
        return events.stream().filter(e -> e instanceof LogEvent.Line).toList();
    }

    private String decode(byte[] bytes, boolean end) {
        ByteBuffer input = ByteBuffer.allocate(undecoded.remaining() + bytes.length);
        input.put(undecoded).put(bytes).flip();
        CharBuffer out = CharBuffer.allocate(input.remaining() + 16);
        decoder.decode(input, out, end);
        if (end) {
            decoder.flush(out);
            decoder.reset();
        }
        undecoded = input.slice();
        return out.flip().toString();
    }

    private void parseLine(String raw, Long at, List<LogEvent> events) {
        String stamp = null;
        Matcher stamped = STAMP.matcher(raw);
        if (stamped.lookingAt()) {
            stamp = stamped.group(1);
            raw = raw.substring(stamped.end());
        }
        segments.clear();
        carriageReturn = false;
        headerPending = false;
        hadMarker = false;
        Matcher marker = MARKER.matcher(raw);
        StringBuilder text = new StringBuilder();
        int i = 0;
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            if (c == 's' && raw.startsWith("section_", i) && marker.region(i, n).lookingAt()) {
                flushText(text);
                onMarker(marker, at, stamp, events);
                i = marker.end();
            } else if (c == ESC) {
                flushText(text);
                i = escape(raw, i);
            } else if (c == '\r') {
                flushText(text);
                carriageReturn = true;
                i++;
            } else if (c == '\t' || (c >= ' ' && c != '\u007f')) {
                if (carriageReturn) {
                    text.setLength(0);
                    segments.clear();
                    carriageReturn = false;
                }
                text.append(c);
                i++;
            } else {
                i++; // other control characters: nothing to show
            }
        }
        flushText(text);
        if (headerPending || !segments.isEmpty() || !hadMarker) {
            emitLine(at, stamp, events);
        }
    }

    private void onMarker(Matcher marker, Long at, String stamp, List<LogEvent> events) {
        boolean start = marker.group(1).equals("start");
        long time = Long.parseLong(marker.group(2));
        String name = marker.group(3);
        if (headerPending || !segments.isEmpty()) {
            emitLine(at, stamp, events);
        }
        hadMarker = true;
        if (start) {
            String options = marker.group(4) == null ? "" : marker.group(4);
            events.add(new LogEvent.SectionStart(
                    name, time, option(options, "collapsed"), option(options, "hide_duration")));
            sections.add(new OpenSection(name, time));
            headerPending = true;
        } else {
            int open = -1;
            for (int k = sections.size() - 1; k >= 0; k--) {
                if (sections.get(k).name().equals(name)) {
                    open = k;
                    break;
                }
            }
            while (open >= 0 && sections.size() > open) {
                OpenSection closed = sections.removeLast();
                events.add(new LogEvent.SectionEnd(closed.name(), time));
            }
        }
    }

    private static boolean option(String options, String name) {
        for (String option : options.split(",")) {
            if (option.equals(name + "=true")) {
                return true;
            }
        }
        return false;
    }

    private void emitLine(Long at, String stamp, List<LogEvent> events) {
        events.add(new LogEvent.Line(++lines, List.copyOf(segments), at, stamp, headerPending));
        segments.clear();
        carriageReturn = false;
        headerPending = false;
    }

    /** Parses the escape sequence at {@code i}; returns where the text after it starts. */
    private int escape(String raw, int i) {
        int n = raw.length();
        if (i + 1 >= n) {
            return n;
        }
        char kind = raw.charAt(i + 1);
        if (kind == '[') {
            int j = i + 2;
            while (j < n && raw.charAt(j) >= 0x30 && raw.charAt(j) <= 0x3f) {
                j++;
            }
            String params = raw.substring(i + 2, j);
            while (j < n && raw.charAt(j) >= 0x20 && raw.charAt(j) <= 0x2f) {
                j++;
            }
            if (j >= n || raw.charAt(j) < 0x40 || raw.charAt(j) > 0x7e) {
                return j >= n ? n : j; // unfinished or broken: drop what was read
            }
            char command = raw.charAt(j);
            if (command == 'm') {
                sgr(params);
            } else if (command == 'K') {
                erase(params);
            }
            return j + 1;
        }
        if (kind == ']') {
            for (int j = i + 2; j < n; j++) {
                if (raw.charAt(j) == '\u0007') {
                    return j + 1;
                }
                if (raw.charAt(j) == ESC && j + 1 < n && raw.charAt(j + 1) == '\\') {
                    return j + 2;
                }
            }
            return n;
        }
        if (kind == '(' || kind == ')' || kind == '*' || kind == '+') {
            return Math.min(n, i + 3);
        }
        return i + 2;
    }

    private void erase(String params) {
        if (params.equals("2") || carriageReturn && (params.isEmpty() || params.equals("0"))) {
            segments.clear();
            carriageReturn = false;
        }
    }

    private void sgr(String params) {
        String[] parts = params.split("[;:]", -1);
        int[] codes = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            codes[k] = number(parts[k]);
        }
        for (int k = 0; k < codes.length; k++) {
            int code = codes[k];
            if (code == 0) {
                fg = -1;
                bg = -1;
                bold = false;
                italic = false;
                underline = false;
            } else if (code == 1) {
                bold = true;
            } else if (code == 3) {
                italic = true;
            } else if (code == 4) {
                underline = true;
            } else if (code == 22) {
                bold = false;
            } else if (code == 23) {
                italic = false;
            } else if (code == 24) {
                underline = false;
            } else if (code >= 30 && code <= 37) {
                fg = code - 30;
            } else if (code == 39) {
                fg = -1;
            } else if (code >= 40 && code <= 47) {
                bg = code - 40;
            } else if (code == 49) {
                bg = -1;
            } else if (code >= 90 && code <= 97) {
                fg = code - 90 + 8;
            } else if (code >= 100 && code <= 107) {
                bg = code - 100 + 8;
            } else if (code == 38 || code == 48) {
                int colour = -2;
                if (k + 2 < codes.length && codes[k + 1] == 5) {
                    colour = codes[k + 2] >= 0 && codes[k + 2] <= 255 ? codes[k + 2] : -2;
                    k += 2;
                } else if (k + 4 < codes.length && codes[k + 1] == 2) {
                    colour = 0x1000000
                            | (channel(codes[k + 2]) << 16)
                            | (channel(codes[k + 3]) << 8)
                            | channel(codes[k + 4]);
                    k += 4;
                } else {
                    k = codes.length; // malformed: ignore the rest
                }
                if (colour != -2) {
                    if (code == 38) {
                        fg = colour;
                    } else {
                        bg = colour;
                    }
                }
            }
        }
    }

    private static int channel(int value) {
        return Math.max(0, Math.min(value, 255));
    }

    /** A parameter's value: empty is 0; anything else that is not a number is ignored as an unknown code. */
    private static int number(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        if (text.length() > 6) {
            return 999_999;
        }
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) < '0' || text.charAt(k) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(text);
    }

    private void flushText(StringBuilder text) {
        if (text.isEmpty()) {
            return;
        }
        String classes = classes();
        String css = css();
        if (!segments.isEmpty()) {
            LogEvent.Segment last = segments.getLast();
            if (last.classes().equals(classes) && last.css().equals(css)) {
                segments.set(segments.size() - 1, new LogEvent.Segment(last.text() + text, classes, css));
                text.setLength(0);
                return;
            }
        }
        segments.add(new LogEvent.Segment(text.toString(), classes, css));
        text.setLength(0);
    }

    private String classes() {
        List<String> names = new ArrayList<>(5);
        if (fg >= 0 && fg < 16) {
            names.add("t-fg" + fg);
        }
        if (bg >= 0 && bg < 16) {
            names.add("t-bg" + bg);
        }
        if (bold) {
            names.add("t-b");
        }
        if (italic) {
            names.add("t-i");
        }
        if (underline) {
            names.add("t-u");
        }
        return String.join(" ", names);
    }

    private String css() {
        List<String> rules = new ArrayList<>(2);
        if (fg >= 16) {
            rules.add("color:" + hex(fg));
        }
        if (bg >= 16) {
            rules.add("background-color:" + hex(bg));
        }
        return String.join(";", rules);
    }

    /** The xterm palette above the 16 basic colours: a 6×6×6 cube and 24 greys; or a true colour. */
    static String hex(int colour) {
        int rgb;
        if (colour >= 0x1000000) {
            rgb = colour & 0xffffff;
        } else if (colour < 232) {
            int index = colour - 16;
            int[] levels = {0, 95, 135, 175, 215, 255};
            rgb = (levels[index / 36] << 16) | (levels[(index / 6) % 6] << 8) | levels[index % 6];
        } else {
            int grey = 8 + (colour - 232) * 10;
            rgb = (grey << 16) | (grey << 8) | grey;
        }
        return String.format(Locale.ROOT, "#%06x", rgb);
    }
}
