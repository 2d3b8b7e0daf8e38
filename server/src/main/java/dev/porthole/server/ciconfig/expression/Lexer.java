package dev.porthole.server.ciconfig.expression;

import dev.porthole.server.ciconfig.expression.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Splits an expression into tokens, rejecting what cannot be a token with the column where it starts. */
final class Lexer {
    private final String text;
    private int position;

    private Lexer(String text) {
        this.text = text;
    }

    /** The tokens of {@code text}, always ending with one {@link Kind#END}. */
    static List<Token> tokenize(String text) throws ExpressionException {
        return new Lexer(text).tokens();
    }

    /** The regex written as {@code /pattern/flags} in a variable's value, if that is all the value holds. */
    static Optional<Pattern> regexIn(String value) {
        try {
            List<Token> tokens = tokenize(value);
            if (tokens.size() == 2 && tokens.get(0).operand() instanceof Operand.Regex regex) {
                return Optional.of(regex.compiled());
            }
        } catch (ExpressionException notARegex) {
            // Falls through: a value that is no regex matches nothing.
        }
        return Optional.empty();
    }

    private List<Token> tokens() throws ExpressionException {
        List<Token> tokens = new ArrayList<>();
        skipWhitespace();
        while (position < text.length()) {
            tokens.add(next());
            skipWhitespace();
        }
        tokens.add(Token.symbol(Kind.END, "", text.length() + 1));
        return tokens;
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private Token next() throws ExpressionException {
        int start = position;
        char c = text.charAt(position);
        return switch (c) {
            case '$' -> variable(start);
            case '"', '\'' -> string(start, c);
            case '/' -> regex(start);
            case '(' -> symbol(Kind.OPEN, "(");
            case ')' -> symbol(Kind.CLOSE, ")");
            case '&' -> pair(Kind.AND, "&&", "use '&&' for 'and'");
            case '|' -> pair(Kind.OR, "||", "use '||' for 'or'");
            case '=', '!' -> comparison(start);
            default -> {
                if (isNameStart(c)) {
                    yield word(start);
                }
                throw error(start, "unexpected character '" + c + "'", "");
            }
        };
    }

    private Token variable(int start) throws ExpressionException {
        position++;
        boolean braced = position < text.length() && text.charAt(position) == '{';
        if (braced) {
            position++;
        }
        String name = name();
        if (name.isEmpty()) {
            String after = braced ? "${" : "$";
            throw error(position, "expected a variable name after '" + after + "'", "names are letters, digits and _");
        }
        if (braced) {
            if (position >= text.length() || text.charAt(position) != '}') {
                throw error(position, "expected '}' to close '${" + name + "'", "");
            }
            position++;
        }
        return Token.operand(new Operand.Variable(name), text.substring(start, position), column(start));
    }

    private String name() {
        int start = position;
        if (position < text.length() && isNameStart(text.charAt(position))) {
            position++;
            while (position < text.length() && isNamePart(text.charAt(position))) {
                position++;
            }
        }
        return text.substring(start, position);
    }

    private Token string(int start, char quote) throws ExpressionException {
        StringBuilder content = new StringBuilder();
        position++;
        while (position < text.length() && text.charAt(position) != quote) {
            // Only double-quoted strings know an escape, and only for the quote itself, so "C:\dir" stays as written.
            if (quote == '"' && text.startsWith("\\\"", position)) {
                position++;
            }
            content.append(text.charAt(position));
            position++;
        }
        if (position >= text.length()) {
            throw error(start, "unterminated string", "add the closing " + quote);
        }
        position++;
        return Token.operand(new Operand.Text(content.toString()), text.substring(start, position), column(start));
    }

    private Token regex(int start) throws ExpressionException {
        StringBuilder source = new StringBuilder();
        position++;
        while (position < text.length() && text.charAt(position) != '/') {
            char c = text.charAt(position);
            if (c == '\\' && position + 1 < text.length()) {
                // \/ is a slash in the pattern; any other escape is the regex's own and passes through unchanged.
                char escaped = text.charAt(position + 1);
                if (escaped != '/') {
                    source.append(c);
                }
                source.append(escaped);
                position += 2;
            } else {
                source.append(c);
                position++;
            }
        }
        if (position >= text.length()) {
            throw error(start, "unterminated regex", "add the closing /, and write \\/ for a slash inside it");
        }
        position++;
        int flags = flags();
        String spelling = text.substring(start, position);
        try {
            return Token.operand(
                    new Operand.Regex(Pattern.compile(source.toString(), flags), spelling), spelling, column(start));
        } catch (PatternSyntaxException e) {
            String reason = e.getDescription();
            throw error(
                    start, "invalid regex " + spelling, Character.toLowerCase(reason.charAt(0)) + reason.substring(1));
        }
    }

    private int flags() throws ExpressionException {
        int flags = 0;
        while (position < text.length() && Character.isLetter(text.charAt(position))) {
            char flag = text.charAt(position);
            flags |= switch (flag) {
                case 'i' -> Pattern.CASE_INSENSITIVE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                default -> throw error(position, "unknown regex flag '" + flag + "'", "the flags are i, m, s and x");
            };
            position++;
        }
        return flags;
    }

    private Token symbol(Kind kind, String spelling) {
        int start = position;
        position += spelling.length();
        return Token.symbol(kind, spelling, column(start));
    }

    private Token pair(Kind kind, String spelling, String hint) throws ExpressionException {
        if (!text.startsWith(spelling, position)) {
            throw error(position, "unexpected '" + text.charAt(position) + "'", hint);
        }
        return symbol(kind, spelling);
    }

    private Token comparison(int start) throws ExpressionException {
        for (Operator operator : Operator.values()) {
            if (text.startsWith(operator.symbol(), start)) {
                return symbol(Kind.COMPARISON, operator.symbol());
            }
        }
        String hint = text.charAt(start) == '='
                ? "use '==' to compare or '=~' to match a regex"
                : "use '!=' or '!~', as there is no '!' on its own";
        throw error(start, "unexpected '" + text.charAt(start) + "'", hint);
    }

    // A bare word can only be null: GitLab has no true or false, and text must be quoted.
    private Token word(int start) throws ExpressionException {
        while (position < text.length() && isNamePart(text.charAt(position))) {
            position++;
        }
        String word = text.substring(start, position);
        if (word.equals("null")) {
            return Token.operand(new Operand.Null(), word, column(start));
        }
        throw error(
                start,
                "unexpected word '" + word + "'",
                "write text in quotes (\"" + word + "\") or a variable as $" + word);
    }

    private static boolean isNameStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private static int column(int position) {
        return position + 1;
    }

    private static ExpressionException error(int position, String what, String hint) {
        return ExpressionException.at(column(position), what, hint);
    }
}
