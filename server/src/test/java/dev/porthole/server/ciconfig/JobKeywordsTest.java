package dev.porthole.server.ciconfig;

import static dev.porthole.server.ciconfig.Compiling.compile;
import static dev.porthole.server.ciconfig.Compiling.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keywords of one job that shape how it runs: {@code retry}, {@code interruptible}, {@code when: delayed},
 * {@code artifacts}, {@code cache} and {@code services}.
 */
class JobKeywordsTest {

    private static final CacheDefinition DEFAULT_CACHE =
            new CacheDefinition("default", List.of(), null, List.of(), false, "pull-push", "on_success", List.of());

    static List<Arguments> goodKeywords() {
        return List.of(
                argumentSet(
                        "retry as a number",
                        "  retry: 2\n",
                        ExpectedJob.named("x").retry(new RetryPolicy(2, List.of("always"), List.of()))),
                argumentSet(
                        "retry as a hash",
                        "  retry:\n    max: 1\n    when: [script_failure, runner_system_failure]\n"
                                + "    exit_codes: [1, 137]\n",
                        ExpectedJob.named("x")
                                .retry(new RetryPolicy(
                                        1, List.of("script_failure", "runner_system_failure"), List.of(1, 137)))),
                argumentSet(
                        "retry with one reason and one exit code",
                        "  retry:\n    max: 2\n    when: api_failure\n    exit_codes: 255\n",
                        ExpectedJob.named("x").retry(new RetryPolicy(2, List.of("api_failure"), List.of(255)))),
                argumentSet(
                        "interruptible",
                        "  interruptible: true\n",
                        ExpectedJob.named("x").interruptible()),
                argumentSet(
                        "delayed",
                        "  when: delayed\n  start_in: 1h 30m\n",
                        ExpectedJob.named("x").when(When.DELAYED).startIn(Duration.ofMinutes(90))),
                argumentSet(
                        "delayed by a week",
                        "  when: delayed\n  start_in: 1 week\n",
                        ExpectedJob.named("x").when(When.DELAYED).startIn(Duration.ofDays(7))),
                argumentSet(
                        "artifacts in full",
                        "  artifacts:\n    name: dist-$CI_COMMIT_REF_NAME\n    paths: [dist]\n"
                                + "    exclude: [dist/**/*.map]\n    when: always\n    expire_in: never\n",
                        ExpectedJob.named("x")
                                .artifacts(new ArtifactsDefinition(
                                        "dist-$CI_COMMIT_REF_NAME",
                                        List.of("dist"),
                                        List.of("dist/**/*.map"),
                                        false,
                                        "always",
                                        "never"))),
                argumentSet(
                        "artifacts of untracked files",
                        "  artifacts:\n    untracked: true\n    expire_in: 3 days\n",
                        ExpectedJob.named("x")
                                .artifacts(new ArtifactsDefinition(
                                        null, List.of(), List.of(), true, "on_success", "3 days"))),
                argumentSet(
                        "a cache as a hash",
                        "  cache:\n    key: $CI_COMMIT_REF_SLUG\n    paths: [node_modules]\n",
                        ExpectedJob.named("x")
                                .cache(new CacheDefinition(
                                        "$CI_COMMIT_REF_SLUG",
                                        List.of(),
                                        null,
                                        List.of("node_modules"),
                                        false,
                                        "pull-push",
                                        "on_success",
                                        List.of()))),
                argumentSet(
                        "caches keyed by files, with a policy and fallback keys",
                        "  cache:\n    - key:\n        files: [Gemfile.lock, package-lock.json]\n"
                                + "        prefix: deps\n      paths: [vendor]\n      policy: pull\n"
                                + "      when: on_failure\n      untracked: true\n"
                                + "      fallback_keys: [deps-main, deps]\n    - {}\n",
                        ExpectedJob.named("x")
                                .cache(
                                        new CacheDefinition(
                                                null,
                                                List.of("Gemfile.lock", "package-lock.json"),
                                                "deps",
                                                List.of("vendor"),
                                                true,
                                                "pull",
                                                "on_failure",
                                                List.of("deps-main", "deps")),
                                        DEFAULT_CACHE)),
                argumentSet(
                        "a cache key that is a number",
                        "  cache:\n    key: 42\n    policy: push\n",
                        ExpectedJob.named("x")
                                .cache(new CacheDefinition(
                                        "42", List.of(), null, List.of(), false, "push", "on_success", List.of()))),
                argumentSet(
                        "services by name and in full",
                        "  services:\n    - postgres:16\n    - name: redis:7\n      alias: cache, kv\n"
                                + "      entrypoint: [/bin/sh, -c]\n      command: [redis-server]\n"
                                + "      variables:\n        MODE: test\n      pull_policy: if-not-present\n",
                        ExpectedJob.named("x")
                                .services(
                                        ServiceDefinition.named("postgres:16"),
                                        new ServiceDefinition(
                                                "redis:7",
                                                List.of("cache", "kv"),
                                                List.of("/bin/sh", "-c"),
                                                List.of("redis-server"),
                                                List.of(Compiling.variable("MODE", "test")),
                                                null,
                                                null,
                                                List.of("if-not-present")))));
    }

    @ParameterizedTest
    @MethodSource("goodKeywords")
    void keywordsBecomeTheJobsDefinition(String lines, ExpectedJob expected) throws Exception {
        assertThat(compile("x:\n  script: echo\n" + lines).jobs()).containsExactly(expected.build());
    }

    static List<Arguments> badKeywords() {
        return List.of(
                argumentSet(
                        "retry more than twice",
                        "  retry: 3\n",
                        List.of(new CiConfigError("jobs:x:retry", 3, "should be a whole number from 0 to 2, not 3"))),
                argumentSet(
                        "retry:max more than twice",
                        "  retry:\n    max: 3\n",
                        List.of(new CiConfigError(
                                "jobs:x:retry:max", 4, "should be a whole number from 0 to 2, not 3"))),
                argumentSet(
                        "retry as a string",
                        "  retry: twice\n",
                        List.of(new CiConfigError(
                                "jobs:x:retry", 3, "should be a whole number from 0 to 2, not a string"))),
                argumentSet(
                        "retry for a reason GitLab does not know",
                        "  retry:\n    max: 1\n    when: [script_failure, flaky]\n",
                        List.of(new CiConfigError(
                                "jobs:x:retry:when",
                                5,
                                "'flaky' is not a failure reason GitLab knows; use one of always, api_failure,"
                                        + " archived_failure, data_integrity_failure, job_execution_timeout,"
                                        + " runner_system_failure, runner_unsupported, scheduler_failure,"
                                        + " script_failure, stale_schedule, stuck_or_timeout_failure,"
                                        + " unknown_failure, unmet_prerequisites"))),
                argumentSet(
                        "retry for an exit code above 255",
                        "  retry:\n    exit_codes: [1, 256]\n",
                        List.of(new CiConfigError(
                                "jobs:x:retry:exit_codes", 4, "should be a whole number from 0 to 255, not 256"))),
                argumentSet(
                        "a misspelt retry key",
                        "  retry:\n    maximum: 2\n",
                        List.of(new CiConfigError("jobs:x:retry", 4, "unknown keyword 'maximum'"))),
                argumentSet(
                        "interruptible that is not a boolean",
                        "  interruptible: yes\n",
                        List.of(new CiConfigError(
                                "jobs:x:interruptible", 3, "should be a boolean (true or false), not a string"))),
                argumentSet(
                        "delayed without start_in",
                        "  when: delayed\n",
                        List.of(new CiConfigError(
                                "jobs:x", 2, "when: delayed needs start_in (for example start_in: 30 minutes)"))),
                argumentSet(
                        "delayed by more than a week",
                        "  when: delayed\n  start_in: 8 days\n",
                        List.of(new CiConfigError("jobs:x:start_in", 4, "should be at most one week"))),
                argumentSet(
                        "start_in without when: delayed",
                        "  start_in: 10 minutes\n",
                        List.of(new CiConfigError(
                                "jobs:x:start_in",
                                3,
                                "only applies to when: delayed; remove it or add when: delayed"))),
                argumentSet(
                        "start_in that is not a duration",
                        "  when: delayed\n  start_in: soon\n",
                        List.of(
                                new CiConfigError(
                                        "jobs:x:start_in",
                                        4,
                                        "'soon' is not a duration (examples: 30m, 1h 30m, 2 hours, 3600)"),
                                new CiConfigError(
                                        "jobs:x",
                                        2,
                                        "when: delayed needs start_in (for example start_in: 30 minutes)"))),
                argumentSet(
                        "artifacts without paths or untracked",
                        "  artifacts:\n    when: always\n",
                        List.of(new CiConfigError(
                                "jobs:x:artifacts", 4, "config should have paths or untracked: true"))),
                argumentSet(
                        "artifacts that expire in no known way",
                        "  artifacts:\n    paths: [a]\n    expire_in: soon\n",
                        List.of(new CiConfigError(
                                "jobs:x:artifacts:expire_in",
                                5,
                                "'soon' is not a duration (examples: 1 week, 3 days, 30 mins) or never"))),
                argumentSet(
                        "artifacts kept at a time GitLab does not know",
                        "  artifacts:\n    paths: [a]\n    when: manual\n",
                        List.of(new CiConfigError(
                                "jobs:x:artifacts:when", 5, "'manual' is not one of on_success, on_failure, always"))),
                argumentSet(
                        "a cache key with a slash",
                        "  cache:\n    key: feature/a\n",
                        List.of(new CiConfigError(
                                "jobs:x:cache:key", 4, "a cache key cannot contain '/' or be '.' or '..'"))),
                argumentSet(
                        "a cache key of three files",
                        "  cache:\n    key:\n      files: [a, b, c]\n",
                        List.of(new CiConfigError("jobs:x:cache:key:files", 5, "should name one or two files"))),
                argumentSet(
                        "a cache policy GitLab does not know",
                        "  cache:\n    policy: pushpull\n",
                        List.of(new CiConfigError(
                                "jobs:x:cache:policy", 4, "'pushpull' is not one of pull, push, pull-push"))),
                argumentSet(
                        "five caches",
                        "  cache: [{}, {}, {}, {}, {}]\n",
                        List.of(new CiConfigError("jobs:x:cache", 3, "a job can have at most 4 caches"))),
                argumentSet(
                        "a service without a name",
                        "  services:\n    - alias: db\n",
                        List.of(new CiConfigError("jobs:x:services", 4, "config should have a name"))),
                argumentSet(
                        "services as a string",
                        "  services: postgres\n",
                        List.of(new CiConfigError(
                                "jobs:x:services",
                                3,
                                "should be an array of services (names or hashes), not a string"))),
                argumentSet(
                        "a service pull policy GitLab does not know",
                        "  services:\n    - name: db\n      pull_policy: sometimes\n",
                        List.of(new CiConfigError(
                                "jobs:x:services:pull_policy",
                                5,
                                "'sometimes' is not one of always, if-not-present, never"))));
    }

    @ParameterizedTest
    @MethodSource("badKeywords")
    void badKeywordsAreErrors(String lines, List<CiConfigError> expected) {
        assertThat(errorsOf("x:\n  script: echo\n" + lines)).containsExactlyElementsOf(expected);
    }
}
