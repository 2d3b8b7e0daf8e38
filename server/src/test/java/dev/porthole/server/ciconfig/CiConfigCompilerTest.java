package dev.porthole.server.ciconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        @ValueSource(strings = {"delayed", "never"})
        void whenValuesNotSupportedYetAreNamed(String when) {
            assertThat(errorsOf("x:\n  script: echo\n  when: " + when + "\n"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("'when: " + when + "' is not supported"));
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
        @ParameterizedTest
        @CsvSource({
            "rules, '  rules:\n    - if: $CI\n'",
            "needs, '  needs: []\n'",
            "artifacts, '  artifacts:\n    paths: [out]\n'",
            "services, '  services: [postgres]\n'",
            "extends, '  extends: .base\n'",
            "parallel, '  parallel: 2\n'",
            "retry, '  retry: 2\n'"
        })
        void gitLabJobKeywordsNotSupportedYetAreRejectedByName(String keyword, String lines) {
            var errors = errorsOf("x:\n  script: echo\n" + lines);
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.location()).isEqualTo("jobs:x");
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.message()).contains("'" + keyword + "' is not supported by Porthole yet");
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {"include", "workflow", "cache"})
        void gitLabGlobalKeywordsNotSupportedYetAreRejectedByName(String keyword) {
            var errors = errorsOf(keyword + ": []\nx:\n  script: echo\n");
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(1);
                assertThat(e.message()).contains("'" + keyword + "' is not supported by Porthole yet");
            });
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
                      rules: []
                      script: echo
                    b:
                      stage: nowhere
                      script: echo
                    c:
                      image: 42
                    """);
            assertThat(errors).extracting(CiConfigError::location).contains("jobs:a", "jobs:b:stage", "jobs:c");
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
        void customTagsAreNamed() {
            assertThat(errorsOf("x:\n  script: !reference [.a, script]\n"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("!reference"));
        }

        @Test
        void anEmptyFileHasNoJobs() {
            assertThat(errorsOf("")).extracting(CiConfigError::location).containsExactly("jobs");
        }
    }
}
