package dev.porthole.server.ciconfig.expression;

/** An expression that cannot be parsed; the message is written for the person who wrote the expression. */
public class ExpressionException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int column;

    /** An error whose place in the expression is not known; {@link #column()} is then 0. */
    public ExpressionException(String message) {
        this(message, 0);
    }

    /** An error at a 1-based column, which the message should also name. */
    public ExpressionException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** An error reading "what at column N; hint", so that every message puts the column in the same place. */
    static ExpressionException at(int column, String what, String hint) {
        String message = what + " at column " + column + (hint.isEmpty() ? "" : "; " + hint);
        return new ExpressionException(message, column);
    }

    /** The 1-based column where the problem is, or 0 when unknown. */
    public int column() {
        return column;
    }
}
