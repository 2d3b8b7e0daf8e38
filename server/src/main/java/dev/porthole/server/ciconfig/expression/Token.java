package dev.porthole.server.ciconfig.expression;

/**
 * One lexeme of an expression. {@code spelling} is the source text, kept so that errors can quote what the user wrote;
 * {@code operand} is set only for {@link Kind#OPERAND}.
 */
record Token(Kind kind, String spelling, int column, Operand operand) {

    enum Kind {
        OPERAND,
        COMPARISON,
        AND,
        OR,
        OPEN,
        CLOSE,
        END
    }

    static Token symbol(Kind kind, String spelling, int column) {
        return new Token(kind, spelling, column, null);
    }

    static Token operand(Operand operand, String spelling, int column) {
        return new Token(Kind.OPERAND, spelling, column, operand);
    }

    /** How an error message refers to this token. */
    String quoted() {
        return switch (kind) {
            case END -> "the end of the expression";
            case OPERAND -> spelling;
            default -> "'" + spelling + "'";
        };
    }
}
