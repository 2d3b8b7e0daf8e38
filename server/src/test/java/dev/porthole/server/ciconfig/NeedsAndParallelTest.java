package dev.porthole.server.ciconfig;

import static dev.porthole.server.ciconfig.Compiling.compile;
import static dev.porthole.server.ciconfig.Compiling.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code needs}, {@code dependencies} and {@code parallel}: which jobs wait for which, and how jobs multiply. */
class NeedsAndParallelTest {

    private static final String BUILD = "build:\n  stage: build\n  script: echo\n";

    @Nested
    class Needs {
        @Test
        void needsNameTheJobsAJobWaitsFor() throws Exception {
            CiConfig config = compile(BUILD + """
                    lint:
                      stage: build
                      script: echo
                    test:
                      script: echo
                      needs:
                        - build
                        - job: lint
                          artifacts: false
                    """);

            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("build").stage("build", 1).build(),
                            ExpectedJob.named("lint").stage("build", 1).build(),
                            ExpectedJob.named("test")
                                    .needs(new Need("build", false, true), new Need("lint", false, false))
                                    .build());
        }

        @Test
        void anEmptyNeedsStartsAtOnceWhileNoNeedsWaitsForTheStagesBefore() throws Exception {
            CiConfig config = compile(BUILD + "eager:\n  script: echo\n  needs: []\npatient:\n  script: echo\n");

            assertThat(Compiling.job(config, "eager").needs()).isEmpty();
            assertThat(Compiling.job(config, "patient").needs()).isNull();
        }

        @Test
        void aJobMayNeedAnotherOfItsOwnStage() throws Exception {
            CiConfig config = compile("a:\n  script: echo\nb:\n  script: echo\n  needs: [a]\n");

            assertThat(Compiling.job(config, "b").needs()).containsExactly(new Need("a", false, true));
        }

        @Test
        void anOptionalNeedOnAJobTheRulesLeftOutIsDropped() throws Exception {
            CiConfig config = compile("""
                    docs:
                      stage: build
                      script: echo
                      rules:
                        - if: $CI_COMMIT_TAG
                    test:
                      script: echo
                      needs:
                        - job: docs
                          optional: true
                    """);

            assertThat(config.jobs())
                    .containsExactly(ExpectedJob.named("test").needs().build());
        }

        @Test
        void anOptionalNeedOnAJobNoFileDefinesIsDroppedAsGitLabDoes() throws Exception {
            CiConfig config =
                    compile("test:\n  script: echo\n  needs:\n    - job: from-an-include\n      optional: true\n");

            assertThat(config.jobs())
                    .containsExactly(ExpectedJob.named("test").needs().build());
        }

        @Test
        void aNeedOnAParallelJobNeedsEveryInstanceAndAnInstanceCanBeNeededAlone() throws Exception {
            CiConfig config = compile("""
                    build:
                      stage: build
                      script: echo
                      parallel: 2
                    all:
                      script: echo
                      needs: [build]
                    one:
                      script: echo
                      needs: ["build 2/2"]
                    """);

            assertThat(Compiling.job(config, "all").needs())
                    .containsExactly(new Need("build 1/2", false, true), new Need("build 2/2", false, true));
            assertThat(Compiling.job(config, "one").needs()).containsExactly(new Need("build 2/2", false, true));
        }

        @Test
        void dependenciesNameTheJobsWhoseArtifactsAJobGets() throws Exception {
            CiConfig config = compile(BUILD + """
                    compile:
                      stage: build
                      script: echo
                      parallel: 2
                    none:
                      script: echo
                      dependencies: []
                    some:
                      script: echo
                      dependencies: [build, compile]
                    """);

            assertThat(Compiling.job(config, "none").dependencies()).isEmpty();
            assertThat(Compiling.job(config, "some").dependencies())
                    .containsExactly("build", "compile 1/2", "compile 2/2");
            assertThat(Compiling.job(config, "build").dependencies()).isNull();
        }

        @Test
        void aJobWithNeedsMayTakeArtifactsFromWhatItNeeds() throws Exception {
            CiConfig config = compile(BUILD + "x:\n  script: echo\n  needs: [build]\n  dependencies: [build]\n");

            assertThat(Compiling.job(config, "x"))
                    .isEqualTo(ExpectedJob.named("x")
                            .needsJobs("build")
                            .dependencies("build")
                            .build());
        }

        @Test
        void aJobMayNeedFiftyJobs() throws Exception {
            CiConfig config = compile(manyJobs(50) + "last:\n  script: echo\n  needs: [" + names(50) + "]\n");

            assertThat(Compiling.job(config, "last").needs()).hasSize(50);
        }

        @Test
        void fiftyOneNeedsAreTooMany() {
            assertThat(errorsOf(manyJobs(51) + "last:\n  script: echo\n  needs: [" + names(51) + "]\n"))
                    .containsExactly(new CiConfigError("jobs:last:needs", 156, "a job can need at most 50 jobs"));
        }

        private static String manyJobs(int count) {
            StringBuilder yaml = new StringBuilder();
            IntStream.rangeClosed(1, count)
                    .forEach(i -> yaml.append("j").append(i).append(":\n  stage: build\n  script: echo\n"));
            return yaml.toString();
        }

        private static String names(int count) {
            return String.join(
                    ", ", IntStream.rangeClosed(1, count).mapToObj(i -> "j" + i).toList());
        }

        static List<Arguments> badNeeds() {
            return List.of(
                    argumentSet(
                            "a job that does not exist",
                            "x:\n  script: echo\n  needs: [nope]\n",
                            List.of(new CiConfigError(
                                    "jobs:x:needs", 0, "'nope' is not defined in this configuration"))),
                    argumentSet(
                            "a job of a later stage",
                            "a:\n  stage: deploy\n  script: echo\nb:\n  stage: build\n  script: echo\n  needs: [a]\n",
                            List.of(new CiConfigError(
                                    "jobs:b:needs",
                                    0,
                                    "'a' is in stage deploy, which does not come before stage build"))),
                    argumentSet(
                            "a job the rules left out",
                            "a:\n  script: echo\n  rules:\n    - if: $CI_COMMIT_TAG\nb:\n  script: echo\n  needs: [a]\n",
                            List.of(new CiConfigError(
                                    "jobs:b:needs",
                                    0,
                                    "'a' is not in this pipeline (its rules left it out); add optional: true to the"
                                            + " need, or change the rules"))),
                    argumentSet(
                            "jobs that need each other",
                            "a:\n  script: echo\n  needs: [b]\nb:\n  script: echo\n  needs: [c]\n"
                                    + "c:\n  script: echo\n  needs: [a]\n",
                            List.of(new CiConfigError("jobs:a:needs", 0, "circular dependency: a > b > c > a"))),
                    argumentSet(
                            "a job that needs itself",
                            "a:\n  script: echo\n  needs: [a]\n",
                            List.of(new CiConfigError("jobs:a:needs", 0, "circular dependency: a > a"))),
                    argumentSet(
                            "a need without its job",
                            "x:\n  script: echo\n  needs:\n    - artifacts: false\n",
                            List.of(new CiConfigError("jobs:x:needs", 4, "a need should name its job:"))),
                    argumentSet(
                            "needs that are a string",
                            "x:\n  script: echo\n  needs: build\n",
                            List.of(new CiConfigError(
                                    "jobs:x:needs",
                                    3,
                                    "should be an array of job names or hashes with job:, not a string"))),
                    argumentSet(
                            "a need that is a number",
                            "x:\n  script: echo\n  needs: [1]\n",
                            List.of(new CiConfigError(
                                    "jobs:x:needs", 3, "should be a job name or a hash with job:, not a number"))),
                    argumentSet(
                            "optional that is not a boolean",
                            "a:\n  script: echo\nx:\n  script: echo\n  needs:\n    - job: a\n      optional: maybe\n",
                            List.of(new CiConfigError(
                                    "jobs:x:needs:optional", 7, "should be a boolean (true or false), not a string"))),
                    argumentSet(
                            "a dependency that does not exist",
                            "x:\n  script: echo\n  dependencies: [nope]\n",
                            List.of(new CiConfigError(
                                    "jobs:x:dependencies", 0, "'nope' is not a job of this pipeline"))),
                    argumentSet(
                            "a dependency that is not needed by a job with needs",
                            BUILD + "lint:\n  stage: build\n  script: echo\n"
                                    + "x:\n  script: echo\n  needs: [lint]\n  dependencies: [lint, build]\n",
                            List.of(new CiConfigError(
                                    "jobs:x:dependencies",
                                    0,
                                    "'build' should be in needs too: a job with needs waits for those only"))),
                    argumentSet(
                            "a dependency of the same stage",
                            "a:\n  script: echo\nb:\n  script: echo\n  dependencies: [a]\n",
                            List.of(new CiConfigError(
                                    "jobs:b:dependencies",
                                    0,
                                    "'a' is in stage test, which does not come before stage test"))));
        }

        @ParameterizedTest
        @MethodSource("badNeeds")
        void badNeedsAreErrors(String yaml, List<CiConfigError> expected) {
            assertThat(errorsOf(yaml)).containsExactlyElementsOf(expected);
        }
    }

    @Nested
    class Parallel {
        @Test
        void aNumberMakesThatManyNumberedInstancesEachWithItsIndex() throws Exception {
            CiConfig config = compile("test:\n  script: echo\n  parallel: 3\n  variables:\n    A: a\n");

            assertThat(config.jobs())
                    .containsExactly(
                            instance("test 1/3", 1, 3).variable("A", "a").build(),
                            instance("test 2/3", 2, 3).variable("A", "a").build(),
                            instance("test 3/3", 3, 3).variable("A", "a").build());
        }

        @Test
        void oneIsAllowedAsInGitLab() throws Exception {
            CiConfig config = compile("test:\n  script: echo\n  parallel: 1\n");

            assertThat(config.jobs()).containsExactly(instance("test 1/1", 1, 1).build());
        }

        @Test
        void twoHundredInstancesAreAllowed() throws Exception {
            CiConfig config = compile("test:\n  script: echo\n  parallel: 200\n");

            assertThat(config.jobs()).hasSize(200);
            assertThat(config.jobs().getLast())
                    .isEqualTo(instance("test 200/200", 200, 200).build());
        }

        @Test
        void aMatrixMakesOneInstancePerCombinationOfEachEntry() throws Exception {
            CiConfig config = compile("""
                    deploy:
                      stage: deploy
                      script: echo
                      variables:
                        REGION: eu
                      parallel:
                        matrix:
                          - PROVIDER: aws
                            STACK: [app, data]
                          - PROVIDER: [gcp]
                            STACK: monitoring
                    """);

            assertThat(config.jobs())
                    .containsExactly(
                            matrixInstance("deploy: [aws, app]", 1, 3, "PROVIDER", "aws", "STACK", "app"),
                            matrixInstance("deploy: [aws, data]", 2, 3, "PROVIDER", "aws", "STACK", "data"),
                            matrixInstance(
                                    "deploy: [gcp, monitoring]", 3, 3, "PROVIDER", "gcp", "STACK", "monitoring"));
        }

        private static JobDefinition matrixInstance(
                String name, int index, int total, String k1, String v1, String k2, String v2) {
            return ExpectedJob.named(name)
                    .stage("deploy", 3)
                    .variable(k1, v1)
                    .variable(k2, v2)
                    .variable("CI_NODE_INDEX", Integer.toString(index))
                    .variable("CI_NODE_TOTAL", Integer.toString(total))
                    .variable("REGION", "eu")
                    .build();
        }

        @Test
        void numbersAreMatrixValuesTooAsInGitLab() throws Exception {
            CiConfig config = compile("test:\n  script: echo\n  parallel:\n    matrix:\n      - NODE: [18, 20]\n");

            assertThat(Compiling.names(config)).containsExactly("test: [18]", "test: [20]");
            assertThat(Compiling.job(config, "test: [20]").variables())
                    .first()
                    .isEqualTo(Compiling.variable("NODE", "20"));
        }

        @Test
        void aMatrixOfTwoHundredCombinationsIsAllowed() throws Exception {
            CiConfig config = compile("test:\n  script: echo\n  parallel:\n    matrix:\n      - A: [" + numbers(10)
                    + "]\n        B: [" + numbers(20) + "]\n");

            assertThat(config.jobs()).hasSize(200);
        }

        private static String numbers(int count) {
            return String.join(
                    ", ",
                    IntStream.rangeClosed(1, count).mapToObj(Integer::toString).toList());
        }

        private static ExpectedJob instance(String name, int index, int total) {
            return ExpectedJob.named(name)
                    .variable("CI_NODE_INDEX", Integer.toString(index))
                    .variable("CI_NODE_TOTAL", Integer.toString(total));
        }

        static List<Arguments> badParallels() {
            return List.of(
                    argumentSet(
                            "more than 200",
                            "  parallel: 201\n",
                            new CiConfigError("jobs:x:parallel", 3, "should be a whole number from 1 to 200, not 201")),
                    argumentSet(
                            "zero",
                            "  parallel: 0\n",
                            new CiConfigError("jobs:x:parallel", 3, "should be a whole number from 1 to 200, not 0")),
                    argumentSet(
                            "a string",
                            "  parallel: many\n",
                            new CiConfigError(
                                    "jobs:x:parallel", 3, "should be a whole number from 1 to 200, not a string")),
                    argumentSet(
                            "a hash without matrix",
                            "  parallel:\n    number: 2\n",
                            new CiConfigError(
                                    "jobs:x:parallel",
                                    4,
                                    "should be a number from 1 to 200 or a hash with matrix:, not a hash")),
                    argumentSet(
                            "a matrix beside another key",
                            "  parallel:\n    matrix: [{A: a}]\n    number: 2\n",
                            new CiConfigError("jobs:x:parallel", 5, "unknown keyword 'number'")),
                    argumentSet(
                            "a matrix that is a hash",
                            "  parallel:\n    matrix: {A: a}\n",
                            new CiConfigError(
                                    "jobs:x:parallel:matrix",
                                    4,
                                    "should be an array of hashes of variables, not a hash")),
                    argumentSet(
                            "a matrix entry that is a string",
                            "  parallel:\n    matrix:\n      - A\n",
                            new CiConfigError(
                                    "jobs:x:parallel:matrix", 5, "should be a hash of variables, not a string")),
                    argumentSet(
                            "a matrix value that is a hash",
                            "  parallel:\n    matrix:\n      - A: {b: c}\n",
                            new CiConfigError(
                                    "jobs:x:parallel:matrix:A", 5, "should be a string or a number, not a hash")),
                    argumentSet(
                            "a matrix of more than 200 combinations",
                            "  parallel:\n    matrix:\n      - A: [" + numbers(15) + "]\n        B: [" + numbers(14)
                                    + "]\n",
                            new CiConfigError("jobs:x:parallel:matrix", 5, "makes 210 jobs; at most 200")));
        }

        @ParameterizedTest
        @MethodSource("badParallels")
        void badParallelsAreErrors(String parallel, CiConfigError expected) {
            assertThat(errorsOf("x:\n  script: echo\n" + parallel)).containsExactly(expected);
        }
    }
}
