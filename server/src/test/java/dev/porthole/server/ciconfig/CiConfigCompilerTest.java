package dev.porthole.server.ciconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CiConfigCompilerTest {

    private static CiConfig compile(String yaml) throws CiConfigException {
        return CiConfigCompiler.compile(yaml);
    }

    private static List<CiConfigError> errorsOf(String yaml) {
        try {
            compile(yaml);
        } catch (CiConfigException e) {
            return e.errors();
        }
        throw new AssertionError("expected the configuration to be rejected:\n" + yaml);
    }

    private static CiConfigError notSupported(String location, int line, String keyword) {
        return new CiConfigError(
                location,
                line,
                "the keyword '" + keyword + "' is not supported by Porthole yet; remove it or run this pipeline"
                        + " elsewhere");
    }

    private static JobDefinition job(CiConfig config, String name) {
        return config.jobs().stream()
                .filter(j -> j.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Nested
    class Stages {
        @Test
        void defaultStagesAreBuildTestDeployAroundPreAndPost() throws Exception {
            CiConfig config = compile("a:\n  script: echo a\n");
            assertThat(config.stages()).containsExactly(".pre", "build", "test", "deploy", ".post");
            assertThat(job(config, "a").stage()).isEqualTo("test");
            assertThat(job(config, "a").stageIndex()).isEqualTo(2);
        }

        @Test
        void declaredStagesKeepTheirOrder() throws Exception {
            CiConfig config = compile("""
                    stages: [compile, check, ship]
                    x:
                      stage: ship
                      script: [echo x]
                    y:
                      stage: compile
                      script: echo y
                    """);
            assertThat(config.stages()).containsExactly(".pre", "compile", "check", "ship", ".post");
            assertThat(job(config, "x").stageIndex()).isEqualTo(3);
            assertThat(job(config, "y").stageIndex()).isEqualTo(1);
        }

        @Test
        void aJobInAnUndeclaredStageIsAnErrorListingTheStages() {
            var errors = errorsOf("stages: [build]\nx:\n  stage: tset\n  script: echo\n");
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.location()).isEqualTo("jobs:x:stage");
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.message()).contains("'tset' does not exist").contains(".pre, build, .post");
            });
        }
    }

    @Nested
    class Scripts {
        @Test
        void scriptsAreStringsOrNestedArrays() throws Exception {
            CiConfig config = compile("""
                    .setup: &setup [echo one, echo two]
                    x:
                      script:
                        - *setup
                        - echo three
                    """);
            assertThat(job(config, "x").script()).containsExactly("echo one", "echo two", "echo three");
        }

        @Test
        void defaultBeforeAndAfterScriptApplyUnlessTheJobHasItsOwn() throws Exception {
            CiConfig config = compile("""
                    default:
                      before_script: [echo before]
                      after_script: [echo after]
                    plain:
                      script: echo plain
                    own:
                      before_script: [echo mine]
                      script: echo own
                    """);
            assertThat(job(config, "plain").beforeScript()).containsExactly("echo before");
            assertThat(job(config, "plain").afterScript()).containsExactly("echo after");
            assertThat(job(config, "own").beforeScript()).containsExactly("echo mine");
            assertThat(job(config, "own").afterScript()).containsExactly("echo after");
        }

        @Test
        void topLevelBeforeScriptStillWorksLikeGitLabsDeprecatedGlobal() throws Exception {
            CiConfig config = compile("before_script: [echo global]\nx:\n  script: echo x\n");
            assertThat(job(config, "x").beforeScript()).containsExactly("echo global");
        }

        @Test
        void aJobWithoutScriptIsAnError() {
            assertThat(errorsOf("x:\n  stage: test\n"))
                    .extracting(CiConfigError::describe)
                    .containsExactly("jobs:x: config should implement the script: keyword (line 2)");
        }

        @Test
        void aNumberInAScriptAsksForQuotes() {
            assertThat(errorsOf("x:\n  script:\n    - 42\n"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("quote it: '42'"));
        }

        @Test
        void aColonInAPlainScalarIsCaughtAsAHashWithItsLine() {
            var errors = errorsOf("x:\n  script:\n    - echo warning: careful\n");
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.location()).isEqualTo("jobs:x:script");
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.message()).contains("not a hash");
            });
        }
    }

    @Nested
    class JobOptions {
        @Test
        void whenAllowFailureTimeoutTagsAndImage() throws Exception {
            CiConfig config = compile("""
                    x:
                      script: echo
                      when: on_failure
                      allow_failure: true
                      timeout: 1h 30m
                      tags: [linux, big]
                      image: alpine:3.20
                    """);
            JobDefinition x = job(config, "x");
            assertThat(x.when()).isEqualTo(When.ON_FAILURE);
            assertThat(x.allowFailure()).isTrue();
            assertThat(x.timeout()).isEqualTo(Duration.ofMinutes(90));
            assertThat(x.tags()).containsExactly("linux", "big");
            assertThat(x.image()).isEqualTo(ImageDefinition.named("alpine:3.20"));
        }

        @Test
        void manualJobsMayFailUnlessTheySayOtherwise() throws Exception {
            CiConfig config = compile("""
                    soft:
                      script: echo
                      when: manual
                    hard:
                      script: echo
                      when: manual
                      allow_failure: false
                    """);
            assertThat(job(config, "soft").allowFailure()).isTrue();
            assertThat(job(config, "hard").allowFailure()).isFalse();
        }

        @Test
        void imageInItsLongForm() throws Exception {
            CiConfig config = compile("""
                    x:
                      script: echo
                      image:
                        name: registry.example.com/tools:1
                        entrypoint: [""]
                        docker:
                          user: dave
                          platform: arm64
                        pull_policy: [if-not-present, always]
                    """);
            assertThat(job(config, "x").image())
                    .isEqualTo(new ImageDefinition(
                            "registry.example.com/tools:1",
                            List.of(""),
                            "dave",
                            "arm64",
                            List.of("if-not-present", "always")));
        }

        @Test
        void defaultImageTagsAndTimeoutApply() throws Exception {
            CiConfig config = compile("""
                    default:
                      image: debian:12
                      tags: [docker]
                      timeout: 10m
                    x:
                      script: echo
                    """);
            assertThat(job(config, "x").image().name()).isEqualTo("debian:12");
            assertThat(job(config, "x").tags()).containsExactly("docker");
            assertThat(job(config, "x").timeout()).isEqualTo(Duration.ofMinutes(10));
        }

        @ParameterizedTest
        @CsvSource({
            "delayed, jobs:x, 2, 'when: delayed needs start_in (for example start_in: 30 minutes)'",
            "never, jobs:x:when, 3, '''never'' is only allowed inside rules'"
        })
        void whenValuesThatNeedMoreThanAJobSaysAreErrors(String when, String location, int line, String message) {
            assertThat(errorsOf("x:\n  script: echo\n  when: " + when + "\n"))
                    .containsExactly(new CiConfigError(location, line, message));
        }

        @Test
        void anUnknownWhenListsTheChoices() {
            assertThat(errorsOf("x:\n  script: echo\n  when: sometimes\n"))
                    .singleElement()
                    .satisfies(
                            e -> assertThat(e.message()).contains("not one of on_success, on_failure, always, manual"));
        }

        @Test
        void aTimeoutThatIsNotADurationGivesExamples() {
            assertThat(errorsOf("x:\n  script: echo\n  timeout: a jiffy\n"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.describe())
                            .isEqualTo("jobs:x:timeout: 'a jiffy' is not a duration (examples: 30m, 1h 30m, 2 hours,"
                                    + " 3600) (line 3)"));
        }

        @Test
        void allowFailureMustBeABoolean() {
            assertThat(errorsOf("x:\n  script: echo\n  allow_failure: yes\n"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("a boolean"));
        }
    }

    @Nested
    class Variables {
        @Test
        void jobVariablesOverrideGlobalOnes() throws Exception {
            CiConfig config = compile("""
                    variables:
                      A: global-a
                      B: 2
                    x:
                      script: echo
                      variables:
                        A: job-a
                        RAW:
                          value: $HOME
                          expand: false
                    """);
            assertThat(job(config, "x").variables())
                    .containsExactly(
                            new VariableDefinition("A", "job-a", false),
                            new VariableDefinition("RAW", "$HOME", true),
                            new VariableDefinition("B", "2", false));
        }

        @Test
        void booleanValuesAskForQuotes() {
            assertThat(errorsOf("variables:\n  DEBUG: true\nx:\n  script: echo\n"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.location()).isEqualTo("variables:DEBUG");
                        assertThat(e.message()).contains("quote it: 'true'");
                    });
        }

        @Test
        void variableNamesAreChecked() {
            assertThat(errorsOf("variables:\n  1BAD: x\nx:\n  script: echo\n"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("'1BAD' is not a valid variable name"));
        }
    }

    @Nested
    class Keywords {
        private static final List<Arguments> JOB_KEYWORDS_NOT_SUPPORTED = List.of(
                argumentSet("coverage", "coverage", "coverage: '/Total: (\\d+)%/'"),
                argumentSet("dast_configuration", "dast_configuration", "dast_configuration: {site_profile: s}"),
                argumentSet("environment", "environment", "environment: production"),
                argumentSet("hooks", "hooks", "hooks: {pre_get_sources_script: [echo]}"),
                argumentSet("id_tokens", "id_tokens", "id_tokens: {TOKEN: {aud: https://example.com}}"),
                argumentSet("identity", "identity", "identity: google_cloud"),
                argumentSet("inherit", "inherit", "inherit: {default: false}"),
                argumentSet("inputs", "inputs", "inputs: {size: 3}"),
                argumentSet("manual_confirmation", "manual_confirmation", "manual_confirmation: Sure?"),
                argumentSet("pages", "pages", "pages: true"),
                argumentSet("publish", "publish", "publish: public"),
                argumentSet("release", "release", "release: {tag_name: v1, description: d}"),
                argumentSet("resource_group", "resource_group", "resource_group: production"),
                argumentSet("run", "run", "run: [{name: a, script: echo}]"),
                argumentSet("secrets", "secrets", "secrets: {DB: {vault: db/password}}"),
                argumentSet("trigger", "trigger", "trigger: other/project"));

        @ParameterizedTest
        @FieldSource("JOB_KEYWORDS_NOT_SUPPORTED")
        void gitLabJobKeywordsNotSupportedYetAreRejectedByName(String keyword, String line) {
            assertThat(errorsOf("x:\n  script: echo\n  " + line + "\n"))
                    .containsExactly(notSupported("jobs:x", 3, keyword));
        }

        @Test
        void everyJobKeywordNotSupportedYetHasACase() {
            assertThat(JOB_KEYWORDS_NOT_SUPPORTED.stream().map(a -> a.get()[0]))
                    .containsExactlyInAnyOrderElementsOf(dev.porthole.server.ciconfig.Keywords.JOB_UNSUPPORTED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"types", "spec", "$schema"})
        void gitLabGlobalKeywordsNotSupportedYetAreRejectedByName(String keyword) {
            assertThat(errorsOf(keyword + ": []\nx:\n  script: echo\n"))
                    .containsExactly(notSupported(keyword, 1, keyword));
        }

        @Test
        void everyGlobalKeywordNotSupportedYetHasACase() {
            assertThat(List.of("types", "spec", "$schema"))
                    .containsExactlyInAnyOrderElementsOf(dev.porthole.server.ciconfig.Keywords.GLOBAL_UNSUPPORTED);
        }

        static List<Arguments> nestedKeywordsNotSupported() {
            return List.of(
                    argumentSet(
                            "default:hooks",
                            "default:\n  hooks: {pre_get_sources_script: [echo]}\nx:\n  script: echo\n",
                            "default",
                            2,
                            "hooks"),
                    argumentSet(
                            "default:id_tokens",
                            "default:\n  id_tokens: {T: {aud: a}}\nx:\n  script: echo\n",
                            "default",
                            2,
                            "id_tokens"),
                    argumentSet(
                            "default:identity",
                            "default:\n  identity: google_cloud\nx:\n  script: echo\n",
                            "default",
                            2,
                            "identity"),
                    argumentSet(
                            "image:kubernetes",
                            "x:\n  script: echo\n  image:\n    name: alpine\n    kubernetes: {user: 1000}\n",
                            "jobs:x:image",
                            5,
                            "kubernetes"),
                    argumentSet(
                            "services:kubernetes",
                            "x:\n  script: echo\n  services:\n    - name: db\n      kubernetes: {user: 1}\n",
                            "jobs:x:services",
                            5,
                            "kubernetes"),
                    argumentSet(
                            "variables:options",
                            "variables:\n  ENV:\n    value: a\n    options: [a, b]\nx:\n  script: echo\n",
                            "variables:ENV",
                            4,
                            "options"),
                    argumentSet(
                            "rules:needs",
                            "x:\n  script: echo\n  rules:\n    - if: $CI\n      needs: []\n",
                            "jobs:x:rules:0",
                            5,
                            "needs"),
                    argumentSet(
                            "rules:interruptible",
                            "x:\n  script: echo\n  rules:\n    - interruptible: true\n",
                            "jobs:x:rules:0",
                            4,
                            "interruptible"),
                    argumentSet(
                            "rules:changes:compare_to",
                            "x:\n  script: echo\n  rules:\n    - changes:\n        paths: [a]\n        compare_to: main\n",
                            "jobs:x:rules:0:changes",
                            6,
                            "compare_to"),
                    argumentSet(
                            "rules:exists:project",
                            "x:\n  script: echo\n  rules:\n    - exists:\n        paths: [a]\n        project: o/p\n",
                            "jobs:x:rules:0:exists",
                            6,
                            "project"),
                    argumentSet(
                            "rules:exists:ref",
                            "x:\n  script: echo\n  rules:\n    - exists:\n        paths: [a]\n        ref: main\n",
                            "jobs:x:rules:0:exists",
                            6,
                            "ref"),
                    argumentSet(
                            "workflow:auto_cancel",
                            "workflow:\n  auto_cancel: {on_new_commit: interruptible}\nx:\n  script: echo\n",
                            "workflow",
                            2,
                            "auto_cancel"),
                    argumentSet(
                            "only:kubernetes",
                            "x:\n  script: echo\n  only:\n    kubernetes: active\n",
                            "jobs:x:only",
                            4,
                            "kubernetes"),
                    argumentSet(
                            "artifacts:reports",
                            "x:\n  script: echo\n  artifacts:\n    paths: [a]\n    reports: {junit: r.xml}\n",
                            "jobs:x:artifacts",
                            5,
                            "reports"),
                    argumentSet(
                            "artifacts:expose_as",
                            "x:\n  script: echo\n  artifacts:\n    paths: [a]\n    expose_as: A\n",
                            "jobs:x:artifacts",
                            5,
                            "expose_as"),
                    argumentSet(
                            "artifacts:public",
                            "x:\n  script: echo\n  artifacts:\n    paths: [a]\n    public: false\n",
                            "jobs:x:artifacts",
                            5,
                            "public"),
                    argumentSet(
                            "artifacts:access",
                            "x:\n  script: echo\n  artifacts:\n    paths: [a]\n    access: developer\n",
                            "jobs:x:artifacts",
                            5,
                            "access"),
                    argumentSet(
                            "needs:pipeline",
                            "x:\n  script: echo\n  needs:\n    - pipeline: $PARENT_PIPELINE_ID\n      job: a\n",
                            "jobs:x:needs",
                            4,
                            "pipeline"),
                    argumentSet(
                            "needs:project",
                            "x:\n  script: echo\n  needs:\n    - project: other/project\n      job: a\n",
                            "jobs:x:needs",
                            4,
                            "project"),
                    argumentSet(
                            "needs:ref",
                            "x:\n  script: echo\n  needs:\n    - job: a\n      ref: main\n",
                            "jobs:x:needs",
                            5,
                            "ref"),
                    argumentSet(
                            "needs:parallel",
                            "x:\n  script: echo\n  needs:\n    - job: a\n      parallel: {matrix: [{A: b}]}\n",
                            "jobs:x:needs",
                            5,
                            "parallel"),
                    argumentSet(
                            "allow_failure:exit_codes",
                            "x:\n  script: echo\n  allow_failure:\n    exit_codes: [1]\n",
                            "jobs:x:allow_failure",
                            4,
                            "allow_failure:exit_codes"));
        }

        @ParameterizedTest
        @MethodSource("nestedKeywordsNotSupported")
        void nestedKeywordsNotSupportedYetAreRejectedByName(String yaml, String location, int line, String keyword) {
            assertThat(errorsOf(yaml)).containsExactly(notSupported(location, line, keyword));
        }

        @Test
        void everyNestedKeywordNotSupportedYetHasACase() {
            Map<String, Set<String>> unsupported = Map.of(
                    "default", dev.porthole.server.ciconfig.Keywords.DEFAULT_UNSUPPORTED,
                    "image", dev.porthole.server.ciconfig.Keywords.IMAGE_UNSUPPORTED,
                    "services", dev.porthole.server.ciconfig.Keywords.SERVICE_UNSUPPORTED,
                    "variables", dev.porthole.server.ciconfig.Keywords.VARIABLE_UNSUPPORTED,
                    "rules", dev.porthole.server.ciconfig.Keywords.RULE_UNSUPPORTED,
                    "workflow", dev.porthole.server.ciconfig.Keywords.WORKFLOW_UNSUPPORTED,
                    "only", dev.porthole.server.ciconfig.Keywords.ONLY_UNSUPPORTED,
                    "artifacts", dev.porthole.server.ciconfig.Keywords.ARTIFACTS_UNSUPPORTED,
                    "needs", dev.porthole.server.ciconfig.Keywords.NEED_UNSUPPORTED);
            List<String> expected = unsupported.entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(keyword -> e.getKey() + ":" + keyword))
                    .toList();
            assertThat(nestedKeywordsNotSupported().stream().map(a -> ((Arguments.ArgumentSet) a).getName()))
                    .containsAll(expected);
        }

        @Test
        void aMisspeltKeywordIsUnknownWithASuggestion() {
            assertThat(errorsOf("x:\n  scirpt: echo\n  script: echo\n"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.describe())
                            .isEqualTo("jobs:x: unknown keyword 'scirpt'; did you mean 'script'? (line 2)"));
        }

        @Test
        void everyErrorIsReportedNotJustTheFirst() {
            var errors = errorsOf("""
                    a:
                      when: sometimes
                      script: echo
                    b:
                      stage: nowhere
                      script: echo
                    c:
                      image: 42
                    """);
            assertThat(errors)
                    .containsExactly(
                            new CiConfigError(
                                    "jobs:a:when",
                                    2,
                                    "'sometimes' is not one of on_success, on_failure, always, manual, delayed"),
                            new CiConfigError(
                                    "jobs:b:stage",
                                    5,
                                    "chosen stage 'nowhere' does not exist; available stages are .pre, build, test,"
                                            + " deploy, .post"),
                            new CiConfigError("jobs:c", 8, "config should implement the script: keyword"),
                            new CiConfigError("jobs:c:image", 8, "should be a string or a hash, not a number"));
        }

        @Test
        void hiddenJobsAreTemplatesNotJobs() throws Exception {
            CiConfig config = compile(".template:\n  script: echo\nreal:\n  script: echo\n");
            assertThat(config.jobs()).extracting(JobDefinition::name).containsExactly("real");
        }

        @Test
        void aConfigWithoutVisibleJobsIsAnError() {
            assertThat(errorsOf(".only-hidden:\n  script: echo\n"))
                    .extracting(CiConfigError::describe)
                    .containsExactly("jobs: config should contain at least one visible job");
        }

        @Test
        void aTopLevelScalarIsNotAJob() {
            assertThat(errorsOf("oops: true\nx:\n  script: echo\n"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("should be a hash (a job)"));
        }
    }

    @Nested
    class Yaml {
        @Test
        void invalidYamlGivesTheParsersMessageAndPosition() {
            var errors = errorsOf("x:\n  script: [echo\n  stage: test\n");
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.location()).isEqualTo("root");
                assertThat(e.message()).startsWith("invalid YAML: ").containsPattern("\\(line \\d+, column \\d+\\)");
            });
        }

        @Test
        void mergeKeysAndAliasesWork() throws Exception {
            CiConfig config = compile("""
                    .base: &base
                      stage: build
                      tags: [linux]
                    x:
                      <<: *base
                      script: echo
                      tags: [mine]
                    """);
            assertThat(job(config, "x").stage()).isEqualTo("build");
            assertThat(job(config, "x").tags()).containsExactly("mine");
        }

        @Test
        void duplicateKeysAreErrors() {
            assertThat(errorsOf("x:\n  script: echo\n  script: echo again\n"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("'script' appears twice"));
        }

        @Test
        void aliasBombsAreStopped() {
            StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i < 9; i++) {
                yaml.append("a").append(i).append(": &a").append(i).append(" [");
                for (int j = 0; j < 10; j++) {
                    yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
                }
                yaml.append("]\n");
            }
            assertThatThrownBy(() -> compile(yaml + "x:\n  script: echo\n"))
                    .isInstanceOf(CiConfigException.class)
                    .hasMessageContaining("aliases");
        }

        @Test
        void customTagsOtherThanReferenceAreNamed() {
            assertThat(errorsOf("x:\n  script: !secret [.a, script]\n"))
                    .containsExactly(new CiConfigError(
                            "root",
                            2,
                            "the YAML tag !secret is not supported; GitLab's only custom tag is !reference"));
        }

        @Test
        void aKeyWithoutValueLeavesTheKeywordUnset() throws Exception {
            CiConfig config = compile("x:\n  script: echo\n  image:\n  variables: ~\n  tags: null\n  needs:\n");
            assertThat(config.jobs()).containsExactly(ExpectedJob.named("x").build());
        }

        @Test
        void aScriptWithoutValueIsAMissingScript() {
            assertThat(errorsOf("x:\n  stage: test\n  script:\n"))
                    .containsExactly(new CiConfigError("jobs:x", 2, "config should implement the script: keyword"));
        }

        @Test
        void anEmptyFileHasNoJobs() {
            assertThat(errorsOf("")).extracting(CiConfigError::location).containsExactly("jobs");
        }
    }
}
