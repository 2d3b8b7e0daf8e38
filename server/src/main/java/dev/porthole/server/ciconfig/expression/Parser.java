package dev.porthole.server.ciconfig.expression;

import dev.porthole.server.ciconfig.expression.Token.Kind;
import java.util.List;

/**
 * Recursive descent over the tokens, one method per precedence level:
 *
 * <pre>
 * either     = both { "||" both }
 * both       = primary { "&amp;&amp;" primary }
 * primary    = "(" either ")" | operand [ comparison operand ]
 * </pre>
 */
final class Parser {
    private final List<Token> tokens;
    private int next;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Condition parse(List<Token> tokens) throws ExpressionException {
        Parser parser = new Parser(tokens);
        Condition condition = parser.either();
        Token last = parser.peek();
        if (last.kind() != Kind.END) {
            throw unexpected(last);
        }
        return condition;
    }

    private Condition either() throws ExpressionException {
        Condition condition = both();
        while (peek().kind() == Kind.OR) {
            next++;
            condition = new Condition.Or(condition, both());
        }
        return condition;
    }

    private Condition both() throws ExpressionException {
        Condition condition = primary();
        while (peek().kind() == Kind.AND) {
            next++;
            condition = new Condition.And(condition, primary());
        }
        return condition;
    }

    private Condition primary() throws ExpressionException {
        Token token = peek();
        if (token.kind() == Kind.OPEN) {
            next++;
            return group(token);
        }
        Operand left = operand();
        if (left instanceof Operand.Regex) {
            throw misplacedRegex(token);
        }
        if (peek().kind() != Kind.COMPARISON) {
            return new Condition.Present(left);
        }
        Token comparison = tokens.get(next++);
        Operator operator = Operator.bySymbol(comparison.spelling());
        Token rightToken = peek();
        Operand right = operand();
        if (operator.isMatch() && !(right instanceof Operand.Regex || right instanceof Operand.Variable)) {
            throw notARegex(operator, rightToken);
        }
        if (!operator.isMatch() && right instanceof Operand.Regex) {
            throw misplacedRegex(rightToken);
        }
        return new Condition.Comparison(left, operator, right);
    }

    private Condition group(Token open) throws ExpressionException {
        Condition inner = either();
        Token close = peek();
        if (close.kind() == Kind.CLOSE) {
            next++;
            return inner;
        }
        if (close.kind() == Kind.END) {
            throw ExpressionException.at(open.column(), "unclosed '('", "add a ')' after it");
        }
        throw unexpected(close);
    }

    private Operand operand() throws ExpressionException {
        Token token = peek();
        if (token.kind() == Kind.OPERAND) {
            next++;
            return token.operand();
        }
        if (next == 0) {
            if (token.kind() == Kind.END) {
                throw ExpressionException.at(1, "expected a value", "the expression is empty");
            }
            throw ExpressionException.at(token.column(), "expected a value", "found " + token.quoted());
        }
        String after = "expected a value after '" + tokens.get(next - 1).spelling() + "'";
        String found = token.kind() == Kind.END ? "" : "found " + token.quoted();
        throw ExpressionException.at(token.column(), after, found);
    }

    /** Explains a token that cannot follow a complete condition, which is where parsing stops early. */
    private static ExpressionException unexpected(Token token) {
        return switch (token.kind()) {
            case CLOSE -> ExpressionException.at(token.column(), "unmatched ')'", "there is no '(' for it to close");
            case COMPARISON ->
                ExpressionException.at(
                        token.column(),
                        "unexpected '" + token.spelling() + "'",
                        "a comparison needs a single value on its left, so join comparisons with '&&' or '||'");
            default ->
                ExpressionException.at(
                        token.column(),
                        "expected '&&', '||' or a comparison before " + token.quoted(),
                        "values cannot stand side by side");
        };
    }

    // A quoted string after =~ could mean a regex or literal text; refusing it beats guessing, as GitLab does too.
    private static ExpressionException notARegex(Operator operator, Token token) {
        String hint = token.operand() instanceof Operand.Text text
                ? "write a regex as /" + text.content().replace("/", "\\/") + "/ rather than in quotes"
                : "write a regex as /pattern/ or use a variable that holds one";
        return ExpressionException.at(
                token.column(), "expected a regex after '" + operator.symbol() + "' but found " + token.quoted(), hint);
    }

    private static ExpressionException misplacedRegex(Token token) {
        return ExpressionException.at(
                token.column(),
                "unexpected regex " + token.spelling(),
                "a regex can only stand on the right of '=~' or '!~'");
    }

    private Token peek() {
        return tokens.get(next);
    }
}
