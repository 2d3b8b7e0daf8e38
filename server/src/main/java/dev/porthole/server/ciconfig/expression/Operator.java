package dev.porthole.server.ciconfig.expression;

/** The comparisons that can stand between two values. */
enum Operator {
    EQUALS("=="),
    NOT_EQUALS("!="),
    MATCHES("=~"),
    NOT_MATCHES("!~");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    /** Whether the right side must be a regex rather than a value. */
    boolean isMatch() {
        return this == MATCHES || this == NOT_MATCHES;
    }

    static Operator bySymbol(String symbol) {
        for (Operator operator : values()) {
            if (operator.symbol.equals(symbol)) {
                return operator;
            }
        }
        throw new IllegalArgumentException("not a comparison: " + symbol);
    }
}
