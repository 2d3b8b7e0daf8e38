package dev.porthole.server.ciconfig.expression;

import static org.assertj.core.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CiExpressionTest {

    private static final Map<String, String> VARIABLES = Map.of(
            "BRANCH", "main",
            "DEFAULT", "main",
            "FEATURE", "feature/login",
            "EMPTY", "",
            "ONE", "1",
            "TAG", "v1.2.3",
            "MULTI", "first\nsecond\nthird",
            "PATTERN", "/^FEAT/i",
            "SLASH_PATTERN", "/^feature\\/log/",
            "NOT_A_PATTERN", "main");

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
        $BRANCH == "main"                   => true
        $BRANCH == "develop"                => false
        $BRANCH != "develop"                => true
        $BRANCH != "main"                   => false
        $BRANCH == $DEFAULT                 => true
        $BRANCH != $DEFAULT                 => false
        "main" == $BRANCH                   => true
        $BRANCH == 'main'                   => true
        'a"b' == "a\\"b"                    => true
        "C:\\dir" == 'C:\\dir'              => true
        ${BRANCH} == "main"                 => true
        ${BRANCH} == $DEFAULT               => true
        $BRANCH=="main"                     => true
        `  $BRANCH   ==   "main"  `         => true
        $ONE == "1"                         => true
        $BRANCH == "Main"                   => false
        """)
    void comparesStrings(String expression, boolean expected) throws ExpressionException {
        assertThat(evaluate(expression)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
        $UNDEFINED == null                  => true
        $UNDEFINED != null                  => false
        null == $UNDEFINED                  => true
        null == null                        => true
        $BRANCH == null                     => false
        $BRANCH != null                     => true
        $EMPTY == null                      => false
        $EMPTY != null                      => true
        $EMPTY == ""                        => true
        $EMPTY == ''                        => true
        $UNDEFINED == ""                    => false
        $UNDEFINED != ""                    => true
        "" == null                          => false
        $UNDEFINED == $ALSO_UNDEFINED       => true
        $UNDEFINED == "main"                => false
        $UNDEFINED != "main"                => true
        $UNDEFINED == $BRANCH               => false
        $UNDEFINED =~ /.*/                  => false
        $UNDEFINED !~ /.*/                  => true
        $UNDEFINED =~ /^$/                  => false
        $UNDEFINED !~ /main/                => true
        "main" =~ $UNDEFINED                => false
        "main" !~ $UNDEFINED                => true
        null =~ /.*/                        => false
        null !~ /.*/                        => true
        $UNDEFINED                          => false
        ${UNDEFINED}                        => false
        """)
    void treatsUndefinedVariablesAsNull(String expression, boolean expected) throws ExpressionException {
        assertThat(evaluate(expression)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
        $BRANCH                             => true
        ${BRANCH}                           => true
        $EMPTY                              => false
        "text"                              => true
        'text'                              => true
        ""                                  => false
        ''                                  => false
        null                                => false
        """)
    void testsALoneValueForBeingNonEmpty(String expression, boolean expected) throws ExpressionException {
        assertThat(evaluate(expression)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
        $BRANCH =~ /main/                   => true
        $BRANCH =~ /ai/                     => true
        $BRANCH =~ /^ai/                    => false
        $BRANCH !~ /ai/                     => false
        $BRANCH !~ /^dev/                   => true
        $TAG =~ /^v\\d+\\.\\d+\\.\\d+$/     => true
        $EMPTY =~ /^$/                      => true
        $EMPTY !~ /./                       => true
        "literal" =~ /lit/                  => true
        $FEATURE =~ /^feature\\/login$/     => true
        $FEATURE =~ /feature\\//            => true
        $FEATURE =~ /^feature\\/logout/     => false
        "a\\b" =~ /a\\\\b/                  => true
        $BRANCH =~ /MAIN/                   => false
        $BRANCH =~ /MAIN/i                  => true
        $BRANCH !~ /MAIN/i                  => false
        $MULTI =~ /^second$/                => false
        $MULTI =~ /^second$/m               => true
        $MULTI =~ /first.second/            => false
        $MULTI =~ /first.second/s           => true
        $BRANCH =~ /m a i n/                => false
        $BRANCH =~ /m a i n/x               => true
        $MULTI =~ /^SECOND$/im              => true
        $MULTI =~ /^SECOND$/mi              => true
        $MULTI =~ /FIRST.SECOND/is          => true
        """)
    void matchesRegexLiterals(String expression, boolean expected) throws ExpressionException {
        assertThat(evaluate(expression)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
        $FEATURE =~ $PATTERN                => true
        "FEATURE" =~ $PATTERN               => true
        $BRANCH =~ $PATTERN                 => false
        $BRANCH !~ $PATTERN                 => true
        $FEATURE !~ ${PATTERN}              => false
        $FEATURE =~ $SLASH_PATTERN          => true
        $BRANCH =~ $NOT_A_PATTERN           => false
        $BRANCH !~ $NOT_A_PATTERN           => true
        $BRANCH =~ $EMPTY                   => false
        """)
    void takesARegexFromAVariable(String expression, boolean expected) throws ExpressionException {
        assertThat(evaluate(expression)).isEqualTo(expected);
    }

    @Test
    void andBindsTighterThanOr() throws ExpressionException {
        CiExpression expression = CiExpression.parse("$A == \"1\" || $B == \"2\" && $C == \"3\"");

        assertThat(expression.evaluate(Map.of("A", "1", "B", "x", "C", "x"))).isTrue();
        assertThat(expression.evaluate(Map.of("A", "x", "B", "2", "C", "x"))).isFalse();
        assertThat(expression.evaluate(Map.of("A", "x", "B", "2", "C", "3"))).isTrue();
        assertThat(expression.evaluate(Map.of())).isFalse();
    }

    @Test
    void parenthesesGroup() throws ExpressionException {
        CiExpression expression = CiExpression.parse("($A == \"1\" || $B == \"2\") && $C == \"3\"");

        assertThat(expression.evaluate(Map.of("A", "1", "B", "x", "C", "x"))).isFalse();
        assertThat(expression.evaluate(Map.of("A", "1", "B", "x", "C", "3"))).isTrue();
        assertThat(expression.evaluate(Map.of("A", "x", "B", "2", "C", "3"))).isTrue();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
        $BRANCH && $ONE && $TAG             => true
        $BRANCH && $EMPTY && $TAG           => false
        $EMPTY || $UNDEFINED || $TAG        => true
        $EMPTY || $UNDEFINED || null        => false
        $EMPTY && $BRANCH || $TAG           => true
        $BRANCH || $EMPTY && $UNDEFINED     => true
        ($BRANCH || $EMPTY) && $UNDEFINED   => false
        (($BRANCH))                         => true
        ((($EMPTY)))                        => false
        ($BRANCH == "main") && ($TAG =~ /^v/) => true
        ( $BRANCH == "x" || ( $ONE == "1" && $TAG ) ) => true
        $BRANCH&&$ONE||$EMPTY               => true
        """)
    void combinesConditions(String expression, boolean expected) throws ExpressionException {
        assertThat(evaluate(expression)).isEqualTo(expected);
    }

    @Test
    void decidesTypicalGitLabRules() throws ExpressionException {
        CiExpression defaultBranch = CiExpression.parse("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
        assertThat(defaultBranch.evaluate(Map.of("CI_COMMIT_BRANCH", "main", "CI_DEFAULT_BRANCH", "main")))
                .isTrue();
        assertThat(defaultBranch.evaluate(Map.of("CI_COMMIT_BRANCH", "topic", "CI_DEFAULT_BRANCH", "main")))
                .isFalse();
        // A tag pipeline has no branch, and that is not the default branch.
        assertThat(defaultBranch.evaluate(Map.of("CI_COMMIT_TAG", "v1.0", "CI_DEFAULT_BRANCH", "main")))
                .isFalse();

        CiExpression mergeRequest = CiExpression.parse("$CI_PIPELINE_SOURCE == \"merge_request_event\"");
        assertThat(mergeRequest.evaluate(Map.of("CI_PIPELINE_SOURCE", "merge_request_event")))
                .isTrue();
        assertThat(mergeRequest.evaluate(Map.of("CI_PIPELINE_SOURCE", "push"))).isFalse();

        CiExpression releaseTag = CiExpression.parse("$CI_COMMIT_TAG =~ /^v\\d+\\.\\d+/");
        assertThat(releaseTag.evaluate(Map.of("CI_COMMIT_TAG", "v1.2.3"))).isTrue();
        assertThat(releaseTag.evaluate(Map.of("CI_COMMIT_TAG", "release-1.2"))).isFalse();
        assertThat(releaseTag.evaluate(Map.of("CI_COMMIT_BRANCH", "main"))).isFalse();

        CiExpression notSkipped = CiExpression.parse("$CI_COMMIT_MESSAGE !~ /skip ci/i");
        assertThat(notSkipped.evaluate(Map.of("CI_COMMIT_MESSAGE", "Fix the build")))
                .isTrue();
        assertThat(notSkipped.evaluate(Map.of("CI_COMMIT_MESSAGE", "Docs only [SKIP CI]")))
                .isFalse();
    }

    @Test
    void aNullValueInTheMapIsUndefined() throws ExpressionException {
        Map<String, String> variables = new HashMap<>();
        variables.put("NOTHING", null);

        assertThat(CiExpression.parse("$NOTHING == null").evaluate(variables)).isTrue();
        assertThat(CiExpression.parse("$NOTHING").evaluate(variables)).isFalse();
        assertThat(CiExpression.parse("$NOTHING !~ /x/").evaluate(variables)).isTrue();
    }

    @Test
    void keepsItsText() throws ExpressionException {
        String text = "  $CI_COMMIT_BRANCH == \"main\"  ";

        CiExpression expression = CiExpression.parse(text);

        assertThat(expression.text()).isEqualTo(text);
        assertThat(expression).hasToString(text).isEqualTo(CiExpression.parse(text));
    }

    @ParameterizedTest(name = "{0} fails at column {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
        ``                          => 1  => the expression is empty
        `   `                       => 1  => the expression is empty
        $VARIABLE ==                => 13 => expected a value after '=='
        `$A == `                    => 7  => expected a value after '=='
        $A == )                     => 7  => expected a value after '=='
        $A =~                       => 6  => expected a value after '=~'
        $A &&                       => 6  => expected a value after '&&'
        $A ||                       => 6  => expected a value after '||'
        && $A                       => 1  => expected a value
        ()                          => 2  => expected a value after '('
        ($A                         => 1  => unclosed '('
        (($A == "1")                => 1  => unclosed '('
        ($A == "1" || ($B)          => 1  => unclosed '('
        $A)                         => 3  => unmatched ')'
        ($A == "1"))                => 12 => unmatched ')'
        ($A $B)                     => 5  => expected '&&', '||' or a comparison before $B
        $A $B                       => 4  => expected '&&', '||' or a comparison before $B
        $A == "1" "2"               => 11 => expected '&&', '||' or a comparison before "2"
        $A == $B == $C              => 10 => unexpected '=='
        ($A) == "1"                 => 6  => unexpected '=='
        $A =~ "main"                => 7  => expected a regex after '=~' but found "main"
        $A !~ 'main'                => 7  => expected a regex after '!~' but found 'main'
        $A =~ null                  => 7  => expected a regex after '=~' but found null
        $A == /main/                => 7  => unexpected regex /main/
        /main/ =~ $A                => 1  => unexpected regex /main/
        /main/                      => 1  => unexpected regex /main/
        $A == "main                 => 7  => unterminated string
        $A == 'main                 => 7  => unterminated string
        $A == "main\\"              => 7  => unterminated string
        $A =~ /main                 => 7  => unterminated regex
        $A =~ /main\\/              => 7  => unterminated regex
        $A =~ /(main/               => 7  => invalid regex /(main/
        $A =~ /main/g               => 13 => unknown regex flag 'g'
        $A =~ /main/ig              => 14 => unknown regex flag 'g'
        $A # "1"                    => 4  => unexpected character '#'
        $A == "1" ; $B              => 11 => unexpected character ';'
        $                           => 2  => expected a variable name after '$'
        $1 == "1"                   => 2  => expected a variable name after '$'
        ${} == "1"                  => 3  => expected a variable name after '${'
        ${A == "1"                  => 4  => expected '}' to close '${A'
        $A = "1"                    => 4  => unexpected '='
        $A ! "1"                    => 4  => unexpected '!'
        $A & $B                     => 4  => unexpected '&'
        $A | $B                     => 4  => unexpected '|'
        $A == main                  => 7  => unexpected word 'main'
        true                        => 1  => unexpected word 'true'
        """)
    void rejectsMalformedExpressions(String text, int column, String problem) {
        assertThatExceptionOfType(ExpressionException.class)
                .isThrownBy(() -> CiExpression.parse(text))
                .satisfies(e -> assertThat(e.column()).isEqualTo(column))
                .withMessageContaining(problem)
                .withMessageContaining("at column " + column);
    }

    @Test
    void explainsHowToFixAQuotedRegex() {
        assertThatExceptionOfType(ExpressionException.class)
                .isThrownBy(() -> CiExpression.parse("$CI_COMMIT_BRANCH =~ \"release/1\""))
                .withMessage("expected a regex after '=~' but found \"release/1\" at column 22; "
                        + "write a regex as /release\\/1/ rather than in quotes");
    }

    private static boolean evaluate(String expression) throws ExpressionException {
        return CiExpression.parse(expression).evaluate(VARIABLES);
    }
}
