package dev.porthole.server.web.jobs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@link LogEvent}s as the job page's HTML. {@code job-log.js} builds the same elements, with the same
 * attributes in the same order, for the events of bytes that arrive later; a page reloaded after a job finished
 * shows exactly what the live page showed.
 *
 * <pre>{@code
 * <div class="log-line" id="L7" data-at="1700000000123" data-stamp="..."><span class="log-ln" aria-hidden="true">7</span><span class="log-text"><span class="t-fg2 t-b">text</span>plain</span></div>
 * <details class="log-section" data-section="build" data-start="1700000000" open data-end="1700000003">
 *   <summary class="log-line log-section-header" id="L8">...<span class="log-duration">00:03</span></summary>
 *   <div class="log-section-body">...</div>
 * </details>
 * }</pre>
 */
final class LogHtml {
    private LogHtml() {}

    /**
     * The HTML of these events, with {@code preview} (the unfinished last line) marked as provisional at the end of
     * the innermost open section.
     */
    static String render(List<LogEvent> events, List<LogEvent> preview) {
        // Where each section ends is only known further on; find it first, so that attributes come out in one pass.
        Map<Integer, LogEvent.SectionEnd> ends = new HashMap<>();
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < events.size(); i++) {
            switch (events.get(i)) {
                case LogEvent.SectionStart start -> open.push(i);
                case LogEvent.SectionEnd end -> {
                    if (!open.isEmpty()) {
                        ends.put(open.pop(), end);
                    }
                }
                case LogEvent.Line line -> {}
            }
        }
        var html = new StringBuilder();
        Deque<Section> sections = new ArrayDeque<>();
        for (int i = 0; i < events.size(); i++) {
            switch (events.get(i)) {
                case LogEvent.SectionStart start -> {
                    LogEvent.SectionEnd end = ends.get(i);
                    html.append("<details class=\"log-section\" data-section=\"")
                            .append(attribute(start.name()))
                            .append("\" data-start=\"")
                            .append(start.time())
                            .append('"');
                    if (start.hideDuration()) {
                        html.append(" data-hide-duration=\"\"");
                    }
                    if (!start.collapsed()) {
                        html.append(" open=\"\"");
                    }
                    if (end != null) {
                        html.append(" data-end=\"").append(end.time()).append('"');
                    }
                    html.append('>');
                    sections.push(new Section(start, end));
                }
                case LogEvent.Line line
                when line.header() && !sections.isEmpty() -> {
                    Section section = sections.peek();
                    String duration = section.end() != null && !section.start().hideDuration()
                            ? "<span class=\"log-duration\">"
                                    + duration(section.end().time()
                                            - section.start().time()) + "</span>"
                            : "";
                    line(html, "summary", "log-line log-section-header", line, duration);
                    html.append("<div class=\"log-section-body\">");
                }
                case LogEvent.Line line -> line(html, "div", "log-line", line, "");
                case LogEvent.SectionEnd end -> {
                    if (!sections.isEmpty()) {
                        sections.pop();
                        html.append("</div></details>");
                    }
                }
            }
        }
        for (LogEvent event : preview) {
            if (event instanceof LogEvent.Line line) {
                line(html, "div", "log-line log-provisional", line, "");
            }
        }
        for (int k = 0; k < sections.size(); k++) {
            html.append("</div></details>");
        }
        return html.toString();
    }

    private record Section(LogEvent.SectionStart start, LogEvent.SectionEnd end) {}

    private static void line(StringBuilder html, String tag, String classes, LogEvent.Line line, String after) {
        html.append('<')
                .append(tag)
                .append(" class=\"")
                .append(classes)
                .append("\" id=\"L")
                .append(line.number())
                .append('"');
        if (line.at() != null) {
            html.append(" data-at=\"").append(line.at()).append('"');
        }
        if (line.stamp() != null) {
            html.append(" data-stamp=\"").append(attribute(line.stamp())).append('"');
        }
        html.append("><span class=\"log-ln\" aria-hidden=\"true\">")
                .append(line.number())
                .append("</span><span class=\"log-text\">");
        for (LogEvent.Segment segment : line.segments()) {
            if (segment.classes().isEmpty() && segment.css().isEmpty()) {
                text(html, segment.text());
            } else {
                html.append("<span");
                if (!segment.classes().isEmpty()) {
                    html.append(" class=\"").append(segment.classes()).append('"');
                }
                if (!segment.css().isEmpty()) {
                    html.append(" style=\"").append(segment.css()).append('"');
                }
                html.append('>');
                text(html, segment.text());
                html.append("</span>");
            }
        }
        html.append("</span>").append(after).append("</").append(tag).append('>');
    }

    /** {@code 00:03}, {@code 12:40}, {@code 1:02:03}: how GitLab writes a section's duration. */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    private static void text(StringBuilder html, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                default -> html.append(c);
            }
        }
    }

    private static String attribute(String value) {
        var out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
