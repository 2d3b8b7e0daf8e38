package dev.porthole.server.ciconfig.expression;

import java.util.Map;
import java.util.Objects;

/**
 * A GitLab CI/CD expression, as in {@code rules: - if: $CI_COMMIT_TAG =~ /^v\d+/ && $CI_PIPELINE_SOURCE == "push"}.
 *
 * <p>Values are variables ({@code $NAME} or {@code ${NAME}}), quoted strings and {@code null}; they compare with
 * {@code ==} and {@code !=}, or match a regex ({@code /pattern/flags}, or a variable holding one) with {@code =~} and
 * {@code !~}. A value alone holds when it is non-empty. {@code &&} binds tighter than {@code ||}, and parentheses
 * group. An undefined variable equals {@code null} (but not {@code ""}) and matches no regex.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class CiExpression {
    private final String text;
    private final Condition condition;

    private CiExpression(String text, Condition condition) {
        this.text = text;
        this.condition = condition;
    }

    /**
     * Parses an expression; throws ExpressionException whose message says what is wrong and at which column (1-based).
     */
    public static CiExpression parse(String text) throws ExpressionException {
        Objects.requireNonNull(text, "text");
        return new CiExpression(text, Parser.parse(Lexer.tokenize(text)));
    }

    /** Evaluates against variables; a variable not in the map is undefined (null). */
    public boolean evaluate(Map<String, String> variables) {
        Objects.requireNonNull(variables, "variables");
        return condition.test(variables);
    }

    /** The text it was parsed from. */
    public String text() {
        return text;
    }

    // Two expressions parsed from the same text decide alike, so the text is their identity.
    @Override
    public boolean equals(Object other) {
        return other instanceof CiExpression expression && expression.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
