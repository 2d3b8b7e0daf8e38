package dev.porthole.runner.terminal;

/** A terminal's size in character cells. */
public record TerminalSize(int columns, int rows) {
    /** The size of a terminal whose client never said (GitLab's subprotocols cannot). */
    public static final TerminalSize DEFAULT = new TerminalSize(80, 24);

    public TerminalSize {
        if (columns < 1 || columns > 0xFFFF || rows < 1 || rows > 0xFFFF) {
            throw new IllegalArgumentException(
                    "a terminal needs 1 to 65535 columns and rows, not " + columns + "x" + rows);
        }
    }
}
