package dev.porthole.server.ciconfig.expression;

import java.util.Map;
import java.util.Objects;

/** The syntax tree of a parsed expression; each node decides itself against the variables. */
sealed interface Condition {

    boolean test(Map<String, String> variables);

    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Map<String, String> variables) {
            return left.test(variables) || right.test(variables);
        }
    }

    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Map<String, String> variables) {
            return left.test(variables) && right.test(variables);
        }
    }

    record Comparison(Operand left, Operator operator, Operand right) implements Condition {
        @Override
        public boolean test(Map<String, String> variables) {
            return switch (operator) {
                case EQUALS -> Objects.equals(left.value(variables), right.value(variables));
                case NOT_EQUALS -> !Objects.equals(left.value(variables), right.value(variables));
                case MATCHES -> matches(variables);
                case NOT_MATCHES -> !matches(variables);
            };
        }

        // Like Ruby's =~, a match may be anywhere in the string; an undefined value has nothing to match.
        private boolean matches(Map<String, String> variables) {
            String subject = left.value(variables);
            return subject != null
                    && right.pattern(variables)
                            .map(pattern -> pattern.matcher(subject).find())
                            .orElse(false);
        }
    }

    /** An operand standing alone, which holds when it has a non-empty value. */
    record Present(Operand operand) implements Condition {
        @Override
        public boolean test(Map<String, String> variables) {
            String value = operand.value(variables);
            return value != null && !value.isEmpty();
        }
    }
}
