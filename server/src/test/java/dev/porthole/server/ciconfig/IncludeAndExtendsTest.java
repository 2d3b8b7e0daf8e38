package dev.porthole.server.ciconfig;

import static dev.porthole.server.ciconfig.Compiling.compile;
import static dev.porthole.server.ciconfig.Compiling.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code include}, {@code extends}, {@code !reference} and {@code default}: what they make of jobs, and their errors. */
class IncludeAndExtendsTest {

    private static final String BUILD_YML = "build:\n  stage: build\n  script: make\n";

    @Nested
    class Include {
        private final FakeCommit commit =
                FakeCommit.of("ci/build.yml", BUILD_YML, "ci/sub/nested.yml", "nested:\n  script: echo nested\n");

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "include: ci/build.yml",
                    "include: /ci/build.yml",
                    "include: [ci/build.yml]",
                    "include: {local: ci/build.yml}",
                    "include:\n  - local: /ci/build.yml",
                    "include: 'ci/*.yml'",
                    "include: 'ci/b*.yml'"
                })
        void everyFormOfALocalIncludeMergesTheFile(String include) throws Exception {
            CiConfig config = compile(include + "\ntest:\n  script: echo test\n", commit);

            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("build")
                                    .stage("build", 1)
                                    .script("make")
                                    .build(),
                            ExpectedJob.named("test").script("echo test").build());
            assertThat(config.includedFiles()).containsExactly("ci/build.yml");
        }

        // GitLab documents include globs with these meanings: ci/**/*.yml is the subfolders' files only.
        @ParameterizedTest
        @CsvSource(delimiterString = "=>", textBlock = """
                ci/*.yml      => ci/a.yml, ci/b.yml
                ci/**.yml     => ci/a.yml, ci/b.yml, ci/sub/c.yml
                ci/sub/*.yml  => ci/sub/c.yml
                ci/**/*.yml   => ci/sub/c.yml
                **/*.yml      => ci/a.yml, ci/b.yml, ci/sub/c.yml
                """)
        void aGlobIncludesTheMatchingFilesInPathOrder(String glob, String included) throws Exception {
            var files = FakeCommit.of(
                    "ci/b.yml", "b:\n  script: echo\n",
                    "ci/a.yml", "a:\n  script: echo\n",
                    "ci/sub/c.yml", "c:\n  script: echo\n",
                    "ci/notes.txt", "not yaml: [");

            CiConfig config = compile("include: '" + glob + "'\n", files);

            List<String> expected = List.of(included.split(", "));
            assertThat(config.includedFiles()).containsExactlyElementsOf(expected);
            assertThat(Compiling.names(config))
                    .containsExactlyElementsOf(expected.stream()
                            .map(f -> f.substring(f.lastIndexOf('/') + 1, f.indexOf('.')))
                            .toList());
        }

        @Test
        void theIncludingFileWinsKeyByKeyAndArraysAreReplacedWhole() throws Exception {
            var files = FakeCommit.of("ci/test.yml", """
                    variables:
                      A: included
                      B: included
                    test:
                      stage: build
                      script: [echo one, echo two]
                      variables:
                        X: included
                        Y: included
                      tags: [small]
                    """);

            CiConfig config = compile("""
                    include: ci/test.yml
                    variables:
                      B: main
                    test:
                      variables:
                        Y: main
                      tags: [big]
                    """, files);

            assertThat(config.jobs())
                    .containsExactly(ExpectedJob.named("test")
                            .stage("build", 1)
                            .script("echo one", "echo two")
                            .variable("X", "included")
                            .variable("Y", "main")
                            .variable("A", "included")
                            .variable("B", "main")
                            .tags("big")
                            .build());
        }

        @Test
        void aLaterIncludeWinsOverAnEarlierOne() throws Exception {
            var files = FakeCommit.of(
                    "first.yml", "variables:\n  V: first\n  F: first\n",
                    "second.yml", "variables:\n  V: second\n");

            CiConfig config = compile("include: [first.yml, second.yml]\nx:\n  script: echo\n", files);

            assertThat(Compiling.job(config, "x").variables())
                    .containsExactly(Compiling.variable("V", "second"), Compiling.variable("F", "first"));
        }

        @Test
        void nestedIncludesAreRelativeToTheRepositoryAndTheIncludingFileWins() throws Exception {
            var files = FakeCommit.of(
                    "ci/outer.yml",
                    "include: ci/inner/inner.yml\nvariables:\n  LEVEL: outer\n",
                    "ci/inner/inner.yml",
                    "variables:\n  LEVEL: inner\n  INNER: yes-inner\n" + BUILD_YML);

            CiConfig config = compile("include: ci/outer.yml\n", files);

            assertThat(config.includedFiles()).containsExactly("ci/outer.yml", "ci/inner/inner.yml");
            assertThat(config.jobs())
                    .containsExactly(ExpectedJob.named("build")
                            .stage("build", 1)
                            .script("make")
                            .variable("LEVEL", "outer")
                            .variable("INNER", "yes-inner")
                            .build());
        }

        @Test
        void aFileIncludedAgainIsMergedAgainSoItsLastInclusionWins() throws Exception {
            // GitLab's documented example: defaults.yml comes back after override.yml changed what it set.
            var files = FakeCommit.of(
                    "defaults.yml", "default:\n  before_script: [echo defaults]\n",
                    "override.yml", "default:\n  before_script: [echo override]\n",
                    "child.yml", "include: defaults.yml\nchild:\n  script: echo\n");

            CiConfig config = compile("include: [defaults.yml, override.yml, child.yml]\n", files);

            assertThat(config.jobs())
                    .containsExactly(ExpectedJob.named("child")
                            .beforeScript("echo defaults")
                            .build());
            assertThat(config.includedFiles()).containsExactly("defaults.yml", "override.yml", "child.yml");
        }

        @Test
        void anEmptyIncludedFileAddsNothing() throws Exception {
            CiConfig config = compile("include: empty.yml\nx:\n  script: echo\n", FakeCommit.of("empty.yml", ""));

            assertThat(config.jobs()).containsExactly(ExpectedJob.named("x").build());
            assertThat(config.includedFiles()).containsExactly("empty.yml");
        }

        @Test
        void includedJobsMayExtendTemplatesOfTheMainFileAndTheOtherWayRound() throws Exception {
            var files = FakeCommit.of("ci/jobs.yml", """
                    .from-include:
                      stage: deploy
                    included:
                      extends: .from-main
                      script: echo included
                    """);

            CiConfig config = compile("""
                    include: ci/jobs.yml
                    .from-main:
                      stage: build
                    main:
                      extends: .from-include
                      script: echo main
                    """, files);

            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("included")
                                    .stage("build", 1)
                                    .script("echo included")
                                    .build(),
                            ExpectedJob.named("main")
                                    .stage("deploy", 3)
                                    .script("echo main")
                                    .build());
        }

        @Test
        void theLimitOf150FilesIsReachedButNotPassed() throws Exception {
            CiConfig config = compile("include: 'ci/*.yml'\n", manyFiles(150));

            assertThat(config.includedFiles()).hasSize(150);
            assertThat(config.jobs()).hasSize(150);
        }

        @Test
        void moreThan150FilesAreAnError() {
            assertThat(errorsOf("include: 'ci/*.yml'\n", manyFiles(151)))
                    .containsExactly(new CiConfigError(
                            "include",
                            1,
                            "more than 150 files are included (a file included twice counts twice); GitLab's limit"));
        }

        private static FakeCommit manyFiles(int count) {
            Map<String, String> files = new LinkedHashMap<>();
            IntStream.rangeClosed(1, count)
                    .forEach(i -> files.put(String.format("ci/%03d.yml", i), "job" + i + ":\n  script: echo\n"));
            return FakeCommit.of(files);
        }

        static List<Arguments> badIncludes() {
            return List.of(
                    argumentSet(
                            "a file that does not exist",
                            "include: ci/nope.yml\n",
                            FakeCommit.of(),
                            new CiConfigError("include", 1, "local file 'ci/nope.yml' does not exist at this commit")),
                    argumentSet(
                            "a file that includes itself through another",
                            "include: ci/a.yml\n",
                            FakeCommit.of("ci/a.yml", "include: ci/b.yml\n", "ci/b.yml", "x: 1\ninclude: ci/a.yml\n"),
                            new CiConfigError(
                                    "include", 2, "include cycle: .gitlab-ci.yml > ci/a.yml > ci/b.yml > ci/a.yml")),
                    argumentSet(
                            "a file that includes itself",
                            "include: ci/a.yml\n",
                            FakeCommit.of("ci/a.yml", "include: ci/a.yml\n"),
                            new CiConfigError("include", 1, "include cycle: .gitlab-ci.yml > ci/a.yml > ci/a.yml")),
                    argumentSet(
                            "a file that includes the main configuration",
                            "include: ci/a.yml\n",
                            FakeCommit.of(
                                    ".gitlab-ci.yml", "include: ci/a.yml\n", "ci/a.yml", "include: .gitlab-ci.yml\n"),
                            new CiConfigError(
                                    "include", 1, "include cycle: .gitlab-ci.yml > ci/a.yml > .gitlab-ci.yml")),
                    argumentSet(
                            "a glob that matches nothing",
                            "include: 'ci/*.yml'\n",
                            FakeCommit.of("ci/a.yaml", ""),
                            new CiConfigError("include", 1, "no files match 'ci/*.yml'")),
                    argumentSet(
                            "a glob that is not one",
                            "include: 'ci/*{a.yml'\n",
                            FakeCommit.of(),
                            new CiConfigError("include", 1, "'ci/*{a.yml' is not a valid glob pattern: Missing '}")),
                    argumentSet(
                            "a path outside the repository",
                            "include:\n  - local: ../secrets.yml\n",
                            FakeCommit.of("../secrets.yml", "x: 1"),
                            new CiConfigError("include", 2, "'../secrets.yml' is outside the repository")),
                    argumentSet(
                            "a remote URL",
                            "include: https://example.com/ci.yml\n",
                            FakeCommit.of(),
                            new CiConfigError(
                                    "include", 1, "include:remote is not supported by Porthole yet; only local files")),
                    argumentSet(
                            "include:remote",
                            "include:\n  - remote: https://example.com/ci.yml\n",
                            FakeCommit.of(),
                            new CiConfigError(
                                    "include", 2, "include:remote is not supported by Porthole yet; only local files")),
                    argumentSet(
                            "include:template",
                            "include:\n  template: Auto-DevOps.gitlab-ci.yml\n",
                            FakeCommit.of(),
                            new CiConfigError(
                                    "include",
                                    2,
                                    "include:template is not supported by Porthole yet; only local files")),
                    argumentSet(
                            "include:project",
                            "include:\n  - project: group/ci\n    file: ci.yml\n",
                            FakeCommit.of(),
                            new CiConfigError(
                                    "include",
                                    2,
                                    "include:project is not supported by Porthole yet; only local files")),
                    argumentSet(
                            "include:component",
                            "include:\n  - component: example.com/group/component@1\n",
                            FakeCommit.of(),
                            new CiConfigError(
                                    "include",
                                    2,
                                    "include:component is not supported by Porthole yet; only local files")),
                    argumentSet(
                            "include:local with rules",
                            "include:\n  - local: ci/build.yml\n    rules:\n      - if: $CI\n",
                            FakeCommit.of("ci/build.yml", BUILD_YML),
                            new CiConfigError("include", 3, "include:rules is not supported by Porthole yet")),
                    argumentSet(
                            "include:local that is not a path",
                            "include:\n  - local: [a.yml]\n",
                            FakeCommit.of(),
                            new CiConfigError("include", 2, "local should be a string (a path)")),
                    argumentSet(
                            "an include that is a number",
                            "include: 42\n",
                            FakeCommit.of(),
                            new CiConfigError(
                                    "include", 1, "should be a path, a hash with local: or an array of them")),
                    argumentSet(
                            "an included file that is an array",
                            "include: list.yml\n",
                            FakeCommit.of("list.yml", "- a\n- b\n"),
                            new CiConfigError("include:list.yml", 1, "the included file should be a hash")),
                    argumentSet(
                            "an error inside an included file is named after the file",
                            "include: dup.yml\n",
                            FakeCommit.of("dup.yml", "x:\n  script: a\n  script: b\n"),
                            new CiConfigError("include:dup.yml", 3, "the key 'script' appears twice in one hash")));
        }

        @ParameterizedTest
        @MethodSource("badIncludes")
        void badIncludesAreErrors(String yaml, FakeCommit files, CiConfigError expected) {
            assertThat(errorsOf(yaml + "x:\n  script: echo\n", files)).containsExactly(expected);
        }

        @Test
        void invalidYamlInAnIncludedFileNamesTheFile() {
            assertThat(errorsOf("include: bad.yml\nx:\n  script: echo\n", FakeCommit.of("bad.yml", "a: [b\n")))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.location()).isEqualTo("include:bad.yml");
                        assertThat(e.message()).startsWith("invalid YAML: ").contains("(line 2, column 1)");
                    });
        }
    }

    @Nested
    class Extends {
        @Test
        void aJobTakesItsTemplatesKeysAndItsOwnWinDeeply() throws Exception {
            CiConfig config = compile("""
                    .base:
                      stage: build
                      image: alpine:3.20
                      script: [make]
                      variables:
                        A: base
                        B: base
                      artifacts:
                        paths: [out]
                        expire_in: 1 day
                    job:
                      extends: .base
                      variables:
                        B: job
                        C: job
                      artifacts:
                        expire_in: 1 week
                    """);

            assertThat(config.jobs())
                    .containsExactly(ExpectedJob.named("job")
                            .stage("build", 1)
                            .image("alpine:3.20")
                            .script("make")
                            .variable("A", "base")
                            .variable("B", "job")
                            .variable("C", "job")
                            .artifacts(new ArtifactsDefinition(
                                    null, List.of("out"), List.of(), false, "on_success", "1 week"))
                            .build());
        }

        @Test
        void templatesMayExtendTemplatesAndTheNearestWins() throws Exception {
            CiConfig config = compile("""
                    .grandparent:
                      stage: build
                      tags: [grandparent]
                      before_script: [echo grandparent]
                      variables: {LEVEL: grandparent, G: g}
                    .parent:
                      extends: .grandparent
                      tags: [parent]
                      variables: {LEVEL: parent, P: p}
                    child:
                      extends: .parent
                      script: echo child
                      variables: {LEVEL: child}
                    """);

            assertThat(config.jobs())
                    .containsExactly(ExpectedJob.named("child")
                            .stage("build", 1)
                            .tags("parent")
                            .beforeScript("echo grandparent")
                            .script("echo child")
                            .variable("LEVEL", "child")
                            .variable("G", "g")
                            .variable("P", "p")
                            .build());
        }

        @Test
        void ofSeveralTemplatesTheLaterWins() throws Exception {
            CiConfig config = compile("""
                    .first:
                      image: first
                      tags: [first]
                      timeout: 10m
                    .second:
                      image: second
                      retry: 1
                    job:
                      extends: [.first, .second]
                      script: echo
                    """);

            assertThat(config.jobs())
                    .containsExactly(ExpectedJob.named("job")
                            .image("second")
                            .tags("first")
                            .timeout(Duration.ofMinutes(10))
                            .retry(new RetryPolicy(1, List.of("always"), List.of()))
                            .build());
        }

        @Test
        void aVisibleJobCanBeExtendedAndStaysAJob() throws Exception {
            CiConfig config = compile("""
                    build:
                      stage: build
                      script: make
                    build-debug:
                      extends: build
                      variables: {DEBUG: "1"}
                    """);

            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("build")
                                    .stage("build", 1)
                                    .script("make")
                                    .build(),
                            ExpectedJob.named("build-debug")
                                    .stage("build", 1)
                                    .script("make")
                                    .variable("DEBUG", "1")
                                    .build());
        }

        @Test
        void nullUnsetsAnInheritedKeywordWhileAnEmptyHashKeepsIt() throws Exception {
            CiConfig config = compile("""
                    .base:
                      image: alpine
                      variables: {A: base}
                      rules:
                        - if: $NEVER_SET
                      script: echo
                    unset:
                      extends: .base
                      image: null
                      variables: null
                      rules: null
                      only: [main]
                    kept:
                      extends: .base
                      variables: {}
                      rules:
                        - if: $CI_COMMIT_BRANCH
                    """);

            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("unset").build(),
                            ExpectedJob.named("kept")
                                    .image("alpine")
                                    .variable("A", "base")
                                    .build());
        }

        @Test
        void elevenLevelsOfExtendsAreAllowed() throws Exception {
            CiConfig config = compile(templateChain(11));

            assertThat(config.jobs())
                    .containsExactly(ExpectedJob.named("job").stage("build", 1).build());
        }

        @Test
        void twelveLevelsOfExtendsAreTooDeep() {
            assertThat(errorsOf(templateChain(12)))
                    .containsExactly(new CiConfigError(
                            "jobs:.t11:extends", 25, "nested too deep: more than 11 levels of extends"));
        }

        /** {@code job} extends {@code .t1}, which extends {@code .t2}, ... up to {@code .t<levels>}. */
        private static String templateChain(int levels) {
            StringBuilder yaml = new StringBuilder("job:\n  extends: .t1\n  script: echo\n");
            for (int i = 1; i <= levels; i++) {
                yaml.append(".t").append(i).append(":\n");
                yaml.append(i < levels ? "  extends: .t" + (i + 1) + "\n" : "  stage: build\n");
            }
            return yaml.toString();
        }

        static List<Arguments> badExtends() {
            return List.of(
                    argumentSet(
                            "an unknown template",
                            "x:\n  extends: .nope\n  script: echo\n",
                            List.of(new CiConfigError("jobs:x:extends", 2, "unknown key '.nope' in extends"))),
                    argumentSet(
                            "one unknown template of several",
                            ".a:\n  stage: build\nx:\n  extends: [.a, .nope]\n  script: echo\n",
                            List.of(new CiConfigError("jobs:x:extends", 4, "unknown key '.nope' in extends"))),
                    argumentSet(
                            "a key that is not a hash",
                            "x:\n  extends: stages\n  script: echo\nstages: [build]\n",
                            List.of(new CiConfigError("jobs:x:extends", 2, "unknown key 'stages' in extends"))),
                    argumentSet(
                            "itself",
                            "x:\n  extends: x\n  script: echo\n",
                            List.of(new CiConfigError("jobs:x:extends", 2, "circular dependency: x > x"))),
                    argumentSet(
                            "templates that extend each other",
                            ".a:\n  extends: .b\n.b:\n  extends: .a\nx:\n  extends: .a\n  script: echo\n",
                            List.of(new CiConfigError("jobs:.a:extends", 2, "circular dependency: .a > .b > .a"))),
                    argumentSet(
                            "a hash",
                            "x:\n  extends: {a: 1}\n  script: echo\n",
                            List.of(new CiConfigError(
                                    "jobs:x:extends", 2, "should be a string or an array of strings"))),
                    argumentSet(
                            "an array with a number",
                            "x:\n  extends: [.a, 1]\n  script: echo\n.a:\n  stage: build\n",
                            List.of(new CiConfigError(
                                    "jobs:x:extends", 2, "should be a string or an array of strings"))));
        }

        @ParameterizedTest
        @MethodSource("badExtends")
        void badExtendsAreErrors(String yaml, List<CiConfigError> expected) {
            assertThat(errorsOf(yaml)).containsExactlyElementsOf(expected);
        }
    }

    @Nested
    class References {
        @Test
        void aReferenceTakesTheValueAtItsPathAndScriptsFlattenIt() throws Exception {
            CiConfig config = compile("""
                    .setup:
                      script: [echo one, echo two]
                      vars: {A: a}
                    .config:
                      artifacts:
                        paths: [dist, out]
                    job:
                      before_script:
                        - !reference [.setup, script]
                        - echo three
                      script: echo
                      variables: !reference [.setup, vars]
                      artifacts:
                        paths: !reference [.config, artifacts, paths]
                    """);

            assertThat(config.jobs())
                    .containsExactly(ExpectedJob.named("job")
                            .beforeScript("echo one", "echo two", "echo three")
                            .variable("A", "a")
                            .artifacts(new ArtifactsDefinition(
                                    null, List.of("dist", "out"), List.of(), false, "on_success", null))
                            .build());
        }

        @Test
        void aReferencedValueMayHoldReferencesItself() throws Exception {
            CiConfig config = compile("""
                    .a:
                      script: [echo a]
                    .b:
                      script: [!reference [.a, script], echo b]
                    job:
                      script: !reference [.b, script]
                    """);

            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("job").script("echo a", "echo b").build());
        }

        @Test
        void aReferenceSeesWhatExtendsGaveItsTarget() throws Exception {
            CiConfig config = compile("""
                    .a:
                      script: [echo from a]
                    .b:
                      extends: .a
                    job:
                      script: !reference [.b, script]
                    """);

            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("job").script("echo from a").build());
        }

        @Test
        void extendsTakesAReferenceWholeAsGitLabResolvesReferencesAfterExtends() throws Exception {
            CiConfig config = compile("""
                    .vars:
                      variables: {FROM_REFERENCE: r}
                    .base:
                      variables: !reference [.vars, variables]
                    job:
                      extends: .base
                      script: echo
                      variables: {OWN: o}
                    """);

            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("job").variable("OWN", "o").build());
        }

        @Test
        void anIncludedFileMayReferToTheMainFile() throws Exception {
            var files = FakeCommit.of("ci/job.yml", "job:\n  script: !reference [.main, script]\n");

            CiConfig config = compile("include: ci/job.yml\n.main:\n  script: [echo main]\n", files);

            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("job").script("echo main").build());
        }

        static List<Arguments> badReferences() {
            return List.of(
                    argumentSet(
                            "a key the target does not have",
                            ".a:\n  script: [a]\nx:\n  script: !reference [.a, before_script]\n",
                            List.of(new CiConfigError(
                                    "root",
                                    4,
                                    "!reference [.a, before_script] points at nothing: 'before_script' does not"
                                            + " exist there"))),
                    argumentSet(
                            "a job that does not exist",
                            "x:\n  script: !reference [.nope, script]\n",
                            List.of(new CiConfigError(
                                    "root",
                                    2,
                                    "!reference [.nope, script] points at nothing: '.nope' does not exist there"))),
                    argumentSet(
                            "a path through an array",
                            ".a:\n  script: [a]\nx:\n  script: !reference [.a, script, first]\n",
                            List.of(new CiConfigError(
                                    "root",
                                    4,
                                    "!reference [.a, script, first] points at nothing: 'first' does not exist"
                                            + " there"))),
                    argumentSet(
                            "a hash instead of keys",
                            "x:\n  script: !reference {a: 1}\n",
                            List.of(new CiConfigError(
                                    "root",
                                    2,
                                    "!reference needs a list of keys, such as !reference [.setup, script]"))),
                    argumentSet(
                            "no keys",
                            "x:\n  script: !reference []\n",
                            List.of(new CiConfigError(
                                    "root",
                                    2,
                                    "!reference needs a list of keys, such as !reference [.setup, script]"))),
                    argumentSet(
                            "references that refer to each other",
                            ".a:\n  script: !reference [.b, script]\n.b:\n  script: !reference [.a, script]\n"
                                    + "x:\n  script: echo\n",
                            List.of(
                                    new CiConfigError(
                                            "root", 2, "!reference [.b, script] nests more than 10 references deep"),
                                    new CiConfigError(
                                            "root", 4, "!reference [.a, script] nests more than 10 references deep"))));
        }

        @ParameterizedTest
        @MethodSource("badReferences")
        void badReferencesAreErrors(String yaml, List<CiConfigError> expected) {
            assertThat(errorsOf(yaml)).containsExactlyElementsOf(expected);
        }
    }

    @Nested
    class Default {
        @Test
        void defaultGivesEveryJobWhatItDoesNotSetItself() throws Exception {
            CiConfig config = compile("""
                    default:
                      image: debian:12
                      services: [postgres:16]
                      before_script: [echo before]
                      after_script: [echo after]
                      tags: [docker]
                      timeout: 20m
                      retry: 2
                      interruptible: true
                      cache:
                        paths: [.m2]
                      artifacts:
                        paths: [target]
                    plain:
                      script: echo
                    own:
                      script: echo
                      image: alpine
                      tags: [arm]
                      retry: 0
                      interruptible: false
                      cache: []
                    """);

            var cache = new CacheDefinition(
                    "default", List.of(), null, List.of(".m2"), false, "pull-push", "on_success", List.of());
            var artifacts = new ArtifactsDefinition(null, List.of("target"), List.of(), false, "on_success", null);
            var retryTwice = new RetryPolicy(2, List.of("always"), List.of());
            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("plain")
                                    .image("debian:12")
                                    .services(ServiceDefinition.named("postgres:16"))
                                    .beforeScript("echo before")
                                    .afterScript("echo after")
                                    .tags("docker")
                                    .timeout(Duration.ofMinutes(20))
                                    .retry(retryTwice)
                                    .interruptible()
                                    .cache(cache)
                                    .artifacts(artifacts)
                                    .build(),
                            ExpectedJob.named("own")
                                    .image("alpine")
                                    .services(ServiceDefinition.named("postgres:16"))
                                    .beforeScript("echo before")
                                    .afterScript("echo after")
                                    .tags("arm")
                                    .timeout(Duration.ofMinutes(20))
                                    .retry(new RetryPolicy(0, List.of("always"), List.of()))
                                    .artifacts(artifacts)
                                    .build());
        }

        @Test
        void defaultMayComeFromAnIncludedFile() throws Exception {
            var files = FakeCommit.of("defaults.yml", "default:\n  image: from-include\n");

            CiConfig config = compile("include: defaults.yml\nx:\n  script: echo\n", files);

            assertThat(config.jobs())
                    .containsExactly(
                            ExpectedJob.named("x").image("from-include").build());
        }

        @ParameterizedTest
        @CsvSource(quoteCharacter = '"', textBlock = """
                "image: a\\ndefault:\\n  image: b", image, 1, is set both at the top level and in default; keep only default:image
                "default:\\n  imag: b", default, 2, unknown keyword 'imag'; did you mean 'image'?
                "default: [a]", default, 1, "should be a hash, not an array"
                "default:\\n  script: echo", default, 2, unknown keyword 'script'
                """)
        void badDefaultsAreErrors(String yaml, String location, int line, String message) {
            assertThat(errorsOf(yaml.replace("\\n", "\n") + "\nx:\n  script: echo\n"))
                    .containsExactly(new CiConfigError(location, line, message));
        }
    }

    @Nested
    class MergedYaml {
        @Test
        void showsTheConfigurationAfterIncludeExtendsAndReference() throws Exception {
            var files = FakeCommit.of("ci/templates.yml", """
                    .setup:
                      before_script:
                        - echo setup
                    .build:
                      stage: build
                      variables:
                        MODE: release
                    """);

            CiConfig config = compile("""
                    include: ci/templates.yml
                    build:
                      extends: .build
                      before_script: !reference [.setup, before_script]
                      script: make
                      variables:
                        TARGET: all
                    """, files);

            assertThat(config.mergedYaml()).isEqualTo("""
                    .setup:
                      before_script:
                      - echo setup
                    .build:
                      stage: build
                      variables:
                        MODE: release
                    build:
                      stage: build
                      variables:
                        MODE: release
                        TARGET: all
                      before_script:
                      - echo setup
                      script: make
                    """);
        }

        @Test
        void isThereEvenWhenWorkflowRulesMakeNoPipeline() throws Exception {
            CiConfig config = compile("workflow:\n  rules:\n    - when: never\nx:\n  script: echo\n");

            assertThat(config.created()).isFalse();
            assertThat(config.mergedYaml()).isEqualTo("workflow:\n  rules:\n  - when: never\nx:\n  script: echo\n");
        }
    }
}
