package dev.porthole.server.ciconfig.expression;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** A value in an expression: what stands on either side of a comparison, or alone as a test. */
sealed interface Operand {

    /** The value as a string, or {@code null} for {@code null} and for an undefined variable. */
    String value(Map<String, String> variables);

    /**
     * The regex this operand stands for on the right of {@code =~}; empty when it holds none, which then matches
     * nothing rather than failing the pipeline, since a variable's value is only known when the rule is decided.
     */
    default Optional<Pattern> pattern(Map<String, String> variables) {
        String value = value(variables);
        return value == null ? Optional.empty() : Lexer.regexIn(value);
    }

    record Variable(String name) implements Operand {
        @Override
        public String value(Map<String, String> variables) {
            return variables.get(name);
        }
    }

    record Text(String content) implements Operand {
        @Override
        public String value(Map<String, String> variables) {
            return content;
        }
    }

    record Null() implements Operand {
        @Override
        public String value(Map<String, String> variables) {
            return null;
        }
    }

    /** A regex literal; {@code spelling} is its source form, such as {@code /^v\d+/i}. */
    record Regex(Pattern compiled, String spelling) implements Operand {
        @Override
        public String value(Map<String, String> variables) {
            return spelling;
        }

        @Override
        public Optional<Pattern> pattern(Map<String, String> variables) {
            return Optional.of(compiled);
        }
    }
}
