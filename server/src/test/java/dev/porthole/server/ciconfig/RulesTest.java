package dev.porthole.server.ciconfig;

import static dev.porthole.server.ciconfig.Compiling.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code rules}, {@code workflow: rules} and {@code only}/{@code except}: which jobs a pipeline gets, and how. */
class RulesTest {

    /**
     * What a pipeline is for, as a test states it.
     *
     * @param changed the files the push changed; null when unknown
     */
    record Pipeline(String ref, boolean tag, String source, Map<String, String> variables, Set<String> changed) {

        static Pipeline branch(String name) {
            return new Pipeline(name, false, "push", Map.of(), null);
        }

        static Pipeline tag(String name) {
            return new Pipeline(name, true, "push", Map.of(), null);
        }

        Pipeline source(String source) {
            return new Pipeline(ref, tag, source, variables, changed);
        }

        Pipeline variable(String key, String value) {
            Map<String, String> more = new HashMap<>(variables);
            more.put(key, value);
            return new Pipeline(ref, tag, source, more, changed);
        }

        Pipeline changed(String... files) {
            return new Pipeline(ref, tag, source, variables, Set.of(files));
        }

        /** The predefined variables GitLab sets before the pipeline exists, then the test's own. */
        PipelineContext context() {
            Map<String, String> all = new HashMap<>();
            all.put("CI_PIPELINE_SOURCE", source);
            all.put("CI_COMMIT_REF_NAME", ref);
            all.put(tag ? "CI_COMMIT_TAG" : "CI_COMMIT_BRANCH", ref);
            all.put("CI_DEFAULT_BRANCH", "main");
            all.putAll(variables);
            return new PipelineContext(all, ref, tag, source, Optional.ofNullable(changed));
        }
    }

    private static final Pipeline MAIN = Pipeline.branch("main");
    private static final Pipeline FEATURE = Pipeline.branch("feature/login");
    private static final Pipeline TAG = Pipeline.tag("v1.2.0");

    private static final FakeCommit COMMIT = FakeCommit.of(
            "Dockerfile", "FROM scratch",
            "README.md", "# Porthole",
            "pom.xml", "<project/>",
            "server/pom.xml", "<project/>",
            "docs/index.md", "# Docs");

    private static CiConfig compile(String yaml, Pipeline pipeline) throws CiConfigException {
        return CiConfigCompiler.compile(yaml, COMMIT, pipeline.context());
    }

    private static List<CiConfigError> errorsOf(String yaml, Pipeline pipeline) {
        return Compiling.errorsOf(yaml, COMMIT, pipeline.context());
    }

    @Nested
    class JobRules {
        static List<Arguments> decisions() {
            String ifMain = "  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n";
            String tagManualElseAlways = "  rules:\n    - if: $CI_COMMIT_TAG\n      when: manual\n    - when: always\n";
            return List.of(
                    argumentSet("if that holds", ifMain, MAIN, ExpectedJob.named("x")),
                    argumentSet("if that does not hold", ifMain, FEATURE, null),
                    argumentSet(
                            "the first matching rule decides (branch)",
                            tagManualElseAlways,
                            MAIN,
                            ExpectedJob.named("x").when(When.ALWAYS)),
                    argumentSet(
                            "the first matching rule decides (tag); a rule's manual job may not fail",
                            tagManualElseAlways,
                            TAG,
                            ExpectedJob.named("x").when(When.MANUAL)),
                    argumentSet(
                            "when: never",
                            "  rules:\n    - if: $CI_COMMIT_BRANCH\n      when: never\n    - when: always\n",
                            MAIN,
                            null),
                    argumentSet(
                            "no rule matches", "  rules:\n    - if: $NOT_SET\n    - if: $ALSO_NOT_SET\n", MAIN, null),
                    argumentSet("no rules at all", "  rules: []\n", MAIN, null),
                    argumentSet(
                            "a rule without if always matches",
                            "  rules:\n    - when: on_failure\n",
                            FEATURE,
                            ExpectedJob.named("x").when(When.ON_FAILURE)),
                    argumentSet(
                            "allow_failure of a rule",
                            "  rules:\n    - when: manual\n      allow_failure: true\n",
                            MAIN,
                            ExpectedJob.named("x").when(When.MANUAL).allowFailure()),
                    argumentSet(
                            "a rule without when keeps the job's own manual, which may fail",
                            "  when: manual\n  rules:\n    - if: $CI_COMMIT_BRANCH\n",
                            MAIN,
                            ExpectedJob.named("x").when(When.MANUAL).allowFailure()),
                    argumentSet(
                            "a rule's allow_failure wins over the job's",
                            "  allow_failure: true\n  rules:\n    - allow_failure: false\n",
                            MAIN,
                            ExpectedJob.named("x")),
                    argumentSet(
                            "delayed by a rule",
                            "  rules:\n    - when: delayed\n      start_in: 30 minutes\n",
                            MAIN,
                            ExpectedJob.named("x").when(When.DELAYED).startIn(Duration.ofMinutes(30))),
                    argumentSet(
                            "a regex on the tag",
                            "  rules:\n    - if: $CI_COMMIT_TAG =~ /^v\\d+\\.\\d+/\n",
                            TAG,
                            ExpectedJob.named("x")),
                    argumentSet(
                            "the pipeline's source",
                            "  rules:\n    - if: $CI_PIPELINE_SOURCE == \"schedule\"\n",
                            MAIN.source("schedule"),
                            ExpectedJob.named("x")),
                    argumentSet(
                            "&& binds tighter than ||",
                            "  rules:\n    - if: $A == \"1\" || $B == \"1\" && $C == \"1\"\n",
                            MAIN.variable("A", "1"),
                            ExpectedJob.named("x")),
                    argumentSet(
                            "changes that match",
                            "  rules:\n    - changes: [src/**/*.java]\n",
                            MAIN.changed("src/main/java/A.java"),
                            ExpectedJob.named("x")),
                    argumentSet(
                            "changes that do not match",
                            "  rules:\n    - changes: [src/**/*.java]\n",
                            MAIN.changed("README.md"),
                            null),
                    argumentSet(
                            "changes when what changed is not known",
                            "  rules:\n    - changes: [src/**/*.java]\n",
                            MAIN,
                            ExpectedJob.named("x")),
                    argumentSet(
                            "changes:paths",
                            "  rules:\n    - changes:\n        paths: [docs/]\n",
                            MAIN.changed("docs/guide/setup.md"),
                            ExpectedJob.named("x")),
                    argumentSet(
                            "changes with **/ at the root, as Ruby's fnmatch reads it",
                            "  rules:\n    - changes: ['**/*.md']\n",
                            MAIN.changed("README.md"),
                            ExpectedJob.named("x")),
                    argumentSet(
                            "if and changes must both hold",
                            "  rules:\n    - if: $CI_COMMIT_TAG\n      changes: [README.md]\n",
                            MAIN.changed("README.md"),
                            null),
                    argumentSet("exists", "  rules:\n    - exists: [Dockerfile]\n", FEATURE, ExpectedJob.named("x")),
                    argumentSet("exists, but not", "  rules:\n    - exists: [Makefile]\n", FEATURE, null),
                    argumentSet(
                            "exists with a glob",
                            "  rules:\n    - exists: ['**/pom.xml']\n",
                            FEATURE,
                            ExpectedJob.named("x")),
                    argumentSet(
                            "exists:paths",
                            "  rules:\n    - exists:\n        paths: [docs/*.md]\n",
                            FEATURE,
                            ExpectedJob.named("x")),
                    argumentSet(
                            "a rule's variables come first and win",
                            "  variables:\n    A: job\n    B: job\n  rules:\n    - variables:\n        A: rule\n"
                                    + "        R: rule\n",
                            MAIN,
                            ExpectedJob.named("x")
                                    .variable("A", "rule")
                                    .variable("R", "rule")
                                    .variable("B", "job")),
                    argumentSet(
                            "if sees the job's own variables",
                            "  variables:\n    DEPLOY: \"yes\"\n  rules:\n    - if: $DEPLOY == \"yes\"\n",
                            MAIN,
                            ExpectedJob.named("x").variable("DEPLOY", "yes")));
        }

        @ParameterizedTest
        @MethodSource("decisions")
        void rulesDecideWhetherAndHowTheJobRuns(String rules, Pipeline pipeline, ExpectedJob expected)
                throws Exception {
            CiConfig config = compile("keep:\n  script: echo\nx:\n  script: echo\n" + rules, pipeline);

            List<JobDefinition> x =
                    config.jobs().stream().filter(j -> j.name().equals("x")).toList();
            if (expected == null) {
                assertThat(x).isEmpty();
            } else {
                assertThat(x).containsExactly(expected.build());
            }
        }

        @Test
        void globalVariablesAreSeenByIfButThePipelinesOwnWin() throws Exception {
            String yaml = """
                    variables:
                      TARGET: staging
                    deploy:
                      script: echo
                      rules:
                        - if: $TARGET == "production"
                    """;

            assertThat(compile(yaml, MAIN).created()).isFalse();
            assertThat(Compiling.names(compile(yaml, MAIN.variable("TARGET", "production"))))
                    .containsExactly("deploy");
        }

        @Test
        void whenTheRulesOfEveryJobLeaveItOutThereIsNoPipeline() throws Exception {
            CiConfig config = compile("x:\n  script: echo\n  rules:\n    - if: $CI_COMMIT_TAG\n", FEATURE);

            assertThat(config.created()).isFalse();
            assertThat(config.jobs()).isEmpty();
            assertThat(config.skippedBecause()).isEqualTo(CiConfigCompiler.NO_JOBS);
        }

        static List<Arguments> badRules() {
            return List.of(
                    argumentSet(
                            "an if that is not an expression",
                            "  rules:\n    - if: $A ==\n",
                            List.of(new CiConfigError(
                                    "jobs:x:rules:0:if",
                                    4,
                                    "'$A ==' is not a valid expression: expected a value after '==' at column 6"))),
                    argumentSet(
                            "a broken if after the rule that matched",
                            "  rules:\n    - when: always\n    - if: ($A\n",
                            List.of(new CiConfigError(
                                    "jobs:x:rules:1:if",
                                    5,
                                    "'($A' is not a valid expression: unclosed '(' at column 1; add a ')' after it"))),
                    argumentSet(
                            "a bad when in a rule that does not match",
                            "  rules:\n    - if: $NOT_SET\n      when: sometimes\n    - when: always\n",
                            List.of(new CiConfigError(
                                    "jobs:x:rules:0:when",
                                    5,
                                    "'sometimes' is not one of on_success, on_failure, always, manual, delayed,"
                                            + " never"))),
                    argumentSet(
                            "an allow_failure that is not a boolean",
                            "  rules:\n    - allow_failure: sometimes\n",
                            List.of(new CiConfigError(
                                    "jobs:x:rules:0:allow_failure",
                                    4,
                                    "should be a boolean (true or false), not a string"))),
                    argumentSet(
                            "rules that are a hash",
                            "  rules:\n    if: $A\n",
                            List.of(new CiConfigError("jobs:x:rules", 4, "should be an array of rules, not a hash"))),
                    argumentSet(
                            "a rule that is a string",
                            "  rules:\n    - $A\n",
                            List.of(new CiConfigError("jobs:x:rules:0", 4, "should be a hash (a rule), not a string"))),
                    argumentSet(
                            "a misspelt key in a rule",
                            "  rules:\n    - iff: $A\n",
                            List.of(new CiConfigError(
                                    "jobs:x:rules:0", 4, "unknown keyword 'iff'; did you mean 'if'?"))),
                    argumentSet(
                            "a glob that is not one",
                            "  rules:\n    - exists: ['a{b']\n",
                            List.of(new CiConfigError(
                                    "jobs:x:rules:0:exists", 4, "'a{b' is not a valid glob pattern: Missing '}"))),
                    argumentSet(
                            "a broken changes pattern when what changed is not known",
                            "  rules:\n    - changes: ['src/[a']\n",
                            List.of(new CiConfigError(
                                    "jobs:x:rules:0:changes", 4, "'src/[a' is not a valid glob pattern: Missing ']"))),
                    argumentSet(
                            "start_in that is not a duration",
                            "  rules:\n    - when: delayed\n      start_in: later\n",
                            List.of(
                                    new CiConfigError(
                                            "jobs:x:rules:0:start_in",
                                            5,
                                            "'later' is not a duration (examples: 30m, 1h 30m, 2 hours, 3600)"),
                                    new CiConfigError(
                                            "jobs:x",
                                            2,
                                            "when: delayed needs start_in (for example start_in: 30 minutes)"))),
                    argumentSet(
                            "start_in of more than a week in a rule",
                            "  rules:\n    - when: delayed\n      start_in: 8 days\n",
                            List.of(new CiConfigError("jobs:x:rules:0:start_in", 5, "should be at most one week"))),
                    argumentSet(
                            "start_in in a rule that is not delayed",
                            "  rules:\n    - if: $NOT_SET\n      start_in: 1 hour\n    - when: always\n",
                            List.of(new CiConfigError(
                                    "jobs:x:rules:0:start_in",
                                    5,
                                    "only applies to when: delayed; remove it or add when: delayed"))),
                    argumentSet(
                            "start_in of the job with rules",
                            "  start_in: 1 hour\n  rules:\n    - when: delayed\n",
                            List.of(new CiConfigError(
                                    "jobs:x:start_in", 3, "with rules, set start_in in the delayed rule instead"))),
                    argumentSet(
                            "a bad when of the job that a rule overrides",
                            "  when: sometimes\n  rules:\n    - when: always\n",
                            List.of(new CiConfigError(
                                    "jobs:x:when",
                                    3,
                                    "'sometimes' is not one of on_success, on_failure, always, manual, delayed"))),
                    argumentSet(
                            "a bad allow_failure of the job that a rule overrides",
                            "  allow_failure: maybe\n  rules:\n    - allow_failure: true\n",
                            List.of(new CiConfigError(
                                    "jobs:x:allow_failure", 3, "should be a boolean (true or false), not a string"))),
                    argumentSet(
                            "delayed by a rule without start_in",
                            "  rules:\n    - when: delayed\n",
                            List.of(new CiConfigError(
                                    "jobs:x", 2, "when: delayed needs start_in (for example start_in: 30 minutes)"))),
                    argumentSet(
                            "rules with only",
                            "  rules:\n    - when: always\n  only: [main]\n",
                            List.of(new CiConfigError(
                                    "jobs:x", 3, "rules cannot be used together with only or except"))));
        }

        @ParameterizedTest
        @MethodSource("badRules")
        void badRulesAreErrorsWhateverThePipelineIsFor(String rules, List<CiConfigError> expected) {
            String yaml = "x:\n  script: echo\n" + rules;
            for (Pipeline pipeline : List.of(MAIN, FEATURE, TAG)) {
                assertThat(errorsOf(yaml, pipeline)).as("for " + pipeline).containsExactlyElementsOf(expected);
            }
        }
    }

    @Nested
    class Workflow {
        private static final String SKIP_TAGS = """
                workflow:
                  name: Pipeline for $CI_COMMIT_REF_NAME
                  rules:
                    - if: $CI_COMMIT_TAG
                      when: never
                    - when: always
                x:
                  script: echo
                """;

        @Test
        void workflowRulesThatMatchMakeThePipeline() throws Exception {
            CiConfig config = compile(SKIP_TAGS, MAIN);

            assertThat(config.created()).isTrue();
            assertThat(config.jobs()).containsExactly(ExpectedJob.named("x").build());
        }

        @Test
        void workflowRulesThatSayNeverMakeNoPipelineAndSayWhy() throws Exception {
            CiConfig config = compile(SKIP_TAGS, TAG);

            assertThat(config.created()).isFalse();
            assertThat(config.jobs()).isEmpty();
            assertThat(config.skippedBecause()).isEqualTo(CiConfigCompiler.WORKFLOW_FILTERED);
        }

        @Test
        void noMatchingWorkflowRuleMakesNoPipeline() throws Exception {
            CiConfig config = compile(
                    "workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"web\"\nx:\n  script: echo\n", MAIN);

            assertThat(config.created()).isFalse();
        }

        @Test
        void workflowVariablesOverrideGlobalOnesForEveryJobButNotAJobsOwn() throws Exception {
            String yaml = """
                    variables:
                      DEPLOY: none
                      OTHER: global
                    workflow:
                      rules:
                        - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
                          variables:
                            DEPLOY: production
                        - when: always
                    deploy:
                      script: echo
                      rules:
                        - if: $DEPLOY == "production"
                    own:
                      script: echo
                      variables:
                        DEPLOY: own
                    """;

            CiConfig onMain = compile(yaml, MAIN);

            assertThat(onMain.variables()).containsExactly(variable("DEPLOY", "production"));
            assertThat(onMain.jobs())
                    .containsExactly(
                            ExpectedJob.named("deploy")
                                    .variable("DEPLOY", "production")
                                    .variable("OTHER", "global")
                                    .build(),
                            ExpectedJob.named("own")
                                    .variable("DEPLOY", "own")
                                    .variable("OTHER", "global")
                                    .build());
            assertThat(compile(yaml, FEATURE).jobs())
                    .containsExactly(ExpectedJob.named("own")
                            .variable("DEPLOY", "own")
                            .variable("OTHER", "global")
                            .build());
        }

        static List<Arguments> badWorkflows() {
            return List.of(
                    argumentSet(
                            "an array",
                            "workflow: [a]\n",
                            new CiConfigError("workflow", 1, "should be a hash, not an array")),
                    argumentSet(
                            "a misspelt key",
                            "workflow:\n  rule: []\n",
                            new CiConfigError("workflow", 2, "unknown keyword 'rule'; did you mean 'rules'?")),
                    argumentSet(
                            "a name that is not a string",
                            "workflow:\n  name: [a]\n",
                            new CiConfigError("workflow:name", 2, "should be a string, not an array")),
                    argumentSet(
                            "a broken if",
                            "workflow:\n  rules:\n    - if: $A = \"b\"\n",
                            new CiConfigError(
                                    "workflow:rules:0:if",
                                    3,
                                    "'$A = \"b\"' is not a valid expression: unexpected '=' at column 4; use '==' to"
                                            + " compare or '=~' to match a regex")));
        }

        @ParameterizedTest
        @MethodSource("badWorkflows")
        void badWorkflowsAreErrors(String workflow, CiConfigError expected) {
            assertThat(errorsOf(workflow + "x:\n  script: echo\n", MAIN)).containsExactly(expected);
        }
    }

    @Nested
    class OnlyAndExcept {
        static List<Arguments> filters() {
            String refsAndVariables = "  only:\n    refs: [main]\n    variables: [$DEPLOY == \"yes\"]\n";
            String exceptRefsOrVariables = "  except:\n    refs: [main]\n    variables: [$SKIP]\n";
            return List.of(
                    argumentSet("neither: branches", "", FEATURE, true),
                    argumentSet("neither: tags", "", TAG, true),
                    argumentSet("a branch by name", "  only: [main]\n", MAIN, true),
                    argumentSet("another branch by name", "  only: [main]\n", FEATURE, false),
                    argumentSet("one name as a string", "  only: main\n", MAIN, true),
                    argumentSet("branches on a branch", "  only: [branches]\n", FEATURE, true),
                    argumentSet("branches on a tag", "  only: [branches]\n", TAG, false),
                    argumentSet("tags on a tag", "  only: [tags]\n", TAG, true),
                    argumentSet("tags on a branch", "  only: [tags]\n", MAIN, false),
                    argumentSet("a regex", "  only: ['/^feature\\//']\n", FEATURE, true),
                    argumentSet("a regex that does not match", "  only: ['/^release-/']\n", FEATURE, false),
                    argumentSet("a regex ignoring case", "  only: ['/^FEATURE/i']\n", FEATURE, true),
                    argumentSet("a regex on a tag", "  only: ['/^v\\d+\\./']\n", TAG, true),
                    argumentSet("schedules", "  only: [schedules]\n", MAIN.source("schedule"), true),
                    argumentSet("schedules on a push", "  only: [schedules]\n", MAIN, false),
                    argumentSet("pushes", "  only: [pushes]\n", MAIN, true),
                    argumentSet("one of several sources", "  only: [web, api]\n", MAIN.source("api"), true),
                    argumentSet(
                            "merge requests", "  only: [merge_requests]\n", MAIN.source("merge_request_event"), true),
                    argumentSet("except a branch", "  except: [main]\n", MAIN, false),
                    argumentSet("except another branch", "  except: [main]\n", FEATURE, true),
                    argumentSet("except tags", "  except: [tags]\n", TAG, false),
                    argumentSet("only and except", "  only: [branches]\n  except: [main]\n", FEATURE, true),
                    argumentSet("only and except, excluded", "  only: [branches]\n  except: [main]\n", MAIN, false),
                    argumentSet("only refs and variables", refsAndVariables, MAIN.variable("DEPLOY", "yes"), true),
                    argumentSet("only refs and variables, no variable", refsAndVariables, MAIN, false),
                    argumentSet(
                            "only refs and variables, another ref",
                            refsAndVariables,
                            FEATURE.variable("DEPLOY", "yes"),
                            false),
                    argumentSet(
                            "only variables, any of them",
                            "  only:\n    variables: [$A, $B]\n",
                            FEATURE.variable("B", "1"),
                            true),
                    argumentSet("except refs or variables: the ref", exceptRefsOrVariables, MAIN, false),
                    argumentSet(
                            "except refs or variables: the variable",
                            exceptRefsOrVariables,
                            FEATURE.variable("SKIP", "1"),
                            false),
                    argumentSet("except refs or variables: neither", exceptRefsOrVariables, FEATURE, true),
                    argumentSet("only changes", "  only:\n    changes: [docs/**/*]\n", MAIN.changed("docs/a.md"), true),
                    argumentSet(
                            "only changes, other files",
                            "  only:\n    changes: [docs/**/*]\n",
                            MAIN.changed("src/a.c"),
                            false),
                    argumentSet("only changes, not known", "  only:\n    changes: [docs/**/*]\n", MAIN, true),
                    argumentSet(
                            "except changes", "  except:\n    changes: ['*.md']\n", MAIN.changed("README.md"), false),
                    argumentSet("rules: null leaves only in charge", "  rules: null\n  only: [tags]\n", MAIN, false));
        }

        @ParameterizedTest
        @MethodSource("filters")
        void onlyAndExceptFilterJobsAsGitLabDoes(String filter, Pipeline pipeline, boolean included) throws Exception {
            CiConfig config = compile("keep:\n  script: echo\nx:\n  script: echo\n" + filter, pipeline);

            assertThat(Compiling.names(config)).isEqualTo(included ? List.of("keep", "x") : List.of("keep"));
        }

        static List<Arguments> badFilters() {
            return List.of(
                    argumentSet(
                            "a regex that is not one",
                            "  only: ['/(/']\n",
                            new CiConfigError(
                                    "jobs:x:only", 3, "'/(/' is not a valid regular expression: Unclosed group")),
                    argumentSet(
                            "a regex that is not one, after one that matched",
                            "  except: [branches, tags, '/[/']\n",
                            new CiConfigError(
                                    "jobs:x:except",
                                    3,
                                    "'/[/' is not a valid regular expression: Unclosed character class")),
                    argumentSet(
                            "a variables expression that is not one, after one that held",
                            "  only:\n    variables: [$CI_COMMIT_REF_NAME, $A ==]\n",
                            new CiConfigError(
                                    "jobs:x:only:variables",
                                    4,
                                    "'$A ==' is not a valid expression: expected a value after '==' at column 6")),
                    argumentSet(
                            "a misspelt key",
                            "  only:\n    reffs: [main]\n",
                            new CiConfigError("jobs:x:only", 4, "unknown keyword 'reffs'; did you mean 'refs'?")),
                    argumentSet(
                            "a number",
                            "  except: 42\n",
                            new CiConfigError(
                                    "jobs:x:except", 3, "should be a string or an array of strings, not a number")));
        }

        @ParameterizedTest
        @MethodSource("badFilters")
        void badFiltersAreErrorsWhateverThePipelineIsFor(String filter, CiConfigError expected) {
            String yaml = "x:\n  script: echo\n" + filter;
            for (Pipeline pipeline : List.of(MAIN, FEATURE, TAG)) {
                assertThat(errorsOf(yaml, pipeline)).as("for " + pipeline).containsExactly(expected);
            }
        }
    }
}
