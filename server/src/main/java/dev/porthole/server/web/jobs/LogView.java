package dev.porthole.server.web.jobs;

/**
 * A job's log as the page first shows it.
 *
 * @param html the lines, sections and (for a running job) the unfinished last line, marked provisional
 * @param offset where the live stream continues: after the last complete line of a running job, the end otherwise
 * @param state the parser's state at {@code offset}, as JSON, for {@code job-log.js} to continue from
 * @param shownFrom the byte the shown part starts at: 0 unless the log is too long to show whole
 * @param size the log's size in bytes
 */
public record LogView(String html, long offset, String state, long shownFrom, long size) {

    public boolean empty() {
        return size == 0;
    }

    public boolean truncated() {
        return shownFrom > 0;
    }
}
