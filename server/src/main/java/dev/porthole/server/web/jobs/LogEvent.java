package dev.porthole.server.web.jobs;

import java.util.List;

/**
 * What {@link LogParser} makes of a job's log, in order. {@code ansi.js} makes the same events of the same bytes, field
 * for field, so that the page's live appends look exactly like the log rendered by the server.
 */
sealed interface LogEvent {

    /**
     * A collapsible section opens; the next {@link Line} is its header.
     *
     * @param time the unix time in the marker
     */
    record SectionStart(String name, long time, boolean collapsed, boolean hideDuration) implements LogEvent {}

    /** A section closes: {@code time - start} is its duration. */
    record SectionEnd(String name, long time) implements LogEvent {}

    /**
     * One line of the log.
     *
     * @param number counted from 1 over the whole log
     * @param at when the line's first byte arrived (epoch milliseconds), or null when not known
     * @param stamp the runner's own timestamp of the line ({@code FF_TIMESTAMPS}), or null
     * @param header the header of the section that just started
     */
    record Line(int number, List<Segment> segments, Long at, String stamp, boolean header) implements LogEvent {}

    /**
     * Text in one style.
     *
     * @param classes CSS classes of the 16 basic colours, bold, italic and underline ({@code t-fg1 t-b}), or empty
     * @param css inline colours of the 256-colour and true-colour palettes ({@code color:#5f87af}), or empty
     */
    record Segment(String text, String classes, String css) {}
}
