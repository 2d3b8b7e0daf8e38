package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A repository pushed with git runs as a pipeline on a real runner, with bash. */
class PipelineIT extends OnSharedEnvironment {
    private static final Duration PIPELINE = Duration.ofMinutes(2);

    private static Api.PushedProject push(String yaml) {
        return api.pushNewProject(yaml);
    }

    @Test
    void jobsRunInStageOrderWithTheirLogsAndVariables() {
        var pushed = push("""
                stages: [build, test, deploy]
                variables:
                  GREETING: hello
                build:
                  stage: build
                  script:
                    - echo "building $CI_PROJECT_PATH at $CI_COMMIT_SHA"
                    - echo "$GREETING from job $CI_JOB_ID in $CI_PROJECT_DIR"
                    - test -f .gitlab-ci.yml
                test-a:
                  stage: test
                  script: echo "test a on $CI_COMMIT_BRANCH by $GITLAB_USER_LOGIN"
                test-b:
                  stage: test
                  script: echo "test b"
                deploy:
                  stage: deploy
                  script: echo "deploying"
                """);
        JsonNode pipeline = api.awaitPipeline(pushed.id(), pushed.pipeline(), PIPELINE);
        assertThat(pipeline.get("status").asString()).isEqualTo("success");
        assertThat(pipeline.get("sha").asString()).isEqualTo(pushed.sha());
        assertThat(pushed.pushOutput())
                .contains("View pipeline for main")
                .contains("/-/pipelines/" + pushed.pipeline());

        JsonNode build = api.job(pushed.id(), pushed.pipeline(), "build");
        JsonNode testA = api.job(pushed.id(), pushed.pipeline(), "test-a");
        JsonNode testB = api.job(pushed.id(), pushed.pipeline(), "test-b");
        JsonNode deploy = api.job(pushed.id(), pushed.pipeline(), "deploy");
        assertThat(started(testA)).isAfterOrEqualTo(finished(build));
        assertThat(started(testB)).isAfterOrEqualTo(finished(build));
        assertThat(started(deploy)).isAfterOrEqualTo(finished(testA)).isAfterOrEqualTo(finished(testB));

        String log = api.trace(pushed.id(), build.get("id").asLong());
        assertThat(log)
                .contains("$ echo \"building $CI_PROJECT_PATH at $CI_COMMIT_SHA\"")
                .contains("building root/"
                        + api.get("/projects/" + pushed.id()).get("path").asString() + " at " + pushed.sha())
                .contains("hello from job " + build.get("id").asLong())
                .contains("Checking out " + pushed.sha().substring(0, 8))
                .contains("Job succeeded");
        assertThat(api.trace(pushed.id(), testA.get("id").asLong())).contains("test a on main by root");
    }

    @Test
    void aFailureFailsThePipelineSkipsLaterStagesAndStillRunsAfterScript() {
        var pushed = push("""
                build:
                  stage: build
                  script:
                    - echo "about to fail"
                    - exit 7
                    - echo "never printed"
                  after_script:
                    - echo "after_script saw $CI_JOB_STATUS"
                deploy:
                  stage: deploy
                  script: echo deploy
                """);
        JsonNode pipeline = api.awaitPipeline(pushed.id(), pushed.pipeline(), PIPELINE);
        assertThat(pipeline.get("status").asString()).isEqualTo("failed");
        JsonNode build = api.job(pushed.id(), pushed.pipeline(), "build");
        assertThat(build.get("status").asString()).isEqualTo("failed");
        assertThat(build.get("failure_reason").asString()).isEqualTo("script_failure");
        assertThat(build.get("exit_code").asInt()).isEqualTo(7);
        assertThat(api.job(pushed.id(), pushed.pipeline(), "deploy")
                        .get("status")
                        .asString())
                .isEqualTo("skipped");
        String log = api.trace(pushed.id(), build.get("id").asLong());
        assertThat(log)
                .contains("about to fail")
                .doesNotContain("never printed\n")
                .contains("after_script saw failed")
                .contains("ERROR: Job failed: exit code 7");
    }

    @Test
    void aFailureThatIsAllowedLetsThePipelineSucceed() {
        var pushed = push("""
                lint:
                  script: exit 1
                  allow_failure: true
                unit:
                  script: echo ok
                ship:
                  stage: deploy
                  script: echo shipped
                """);
        assertThat(api.awaitPipeline(pushed.id(), pushed.pipeline(), PIPELINE)
                        .get("status")
                        .asString())
                .isEqualTo("success");
        assertThat(api.job(pushed.id(), pushed.pipeline(), "lint").get("status").asString())
                .isEqualTo("failed");
        assertThat(api.job(pushed.id(), pushed.pipeline(), "ship").get("status").asString())
                .isEqualTo("success");
    }

    @Test
    void theJobTokenIsMaskedAndClonesItsOwnProjectOnly() {
        JsonNode other =
                api.createProject("other-" + UUID.randomUUID().toString().substring(0, 8));
        var pushed = push("""
                job:
                  script:
                    - echo "token is $CI_JOB_TOKEN"
                    - git clone --quiet "$CI_REPOSITORY_URL" own-copy && echo "cloned own project"
                    - if git clone --quiet "${CI_SERVER_URL/:\\/\\//://gitlab-ci-token:$CI_JOB_TOKEN@}/%s.git" other 2>err; then echo "cloned other project"; else echo "other project refused"; fi
                    - cat err
                """.formatted(other.get("path_with_namespace").asString()));
        JsonNode pipeline = api.awaitPipeline(pushed.id(), pushed.pipeline(), PIPELINE);
        String log = api.trace(
                pushed.id(),
                api.job(pushed.id(), pushed.pipeline(), "job").get("id").asLong());
        assertThat(pipeline.get("status").asString()).as(log).isEqualTo("success");
        assertThat(log)
                .contains("token is [MASKED]")
                .doesNotContain("glcbt-")
                .contains("cloned own project")
                .contains("other project refused")
                .doesNotContain("\ncloned other project\n");
    }

    @Test
    void anInvalidConfigurationFailsThePipelineAndThePushSaysWhy() {
        var pushed = push("job:\n  script: echo\n  when: sometimes\n");
        JsonNode pipeline = api.pipeline(pushed.id(), pushed.pipeline());
        assertThat(pipeline.get("status").asString()).isEqualTo("failed");
        assertThat(pipeline.get("yaml_errors").asString())
                .contains("jobs:job:when")
                .contains("sometimes")
                .contains("line 3");
        assertThat(pushed.pushOutput()).contains(".gitlab-ci.yml is invalid").contains("sometimes");
        assertThat(api.jobs(pushed.id(), pushed.pipeline())).isEmpty();
    }

    @Test
    void aRunningJobsLogCanBeReadWhileItRuns() {
        var pushed = push("""
                slow:
                  script:
                    - for i in 1 2 3; do echo "tick $i"; sleep 1; done
                    - touch /tmp/never; until [ -f "$CI_PROJECT_DIR/go" ]; do sleep 0.2; done
                    - echo finished
                """);
        long job = api.job(pushed.id(), pushed.pipeline(), "slow").get("id").asLong();
        String partial = api.awaitTrace(pushed.id(), job, "tick 3", Duration.ofSeconds(60));
        assertThat(partial).doesNotContain("finished");
        assertThat(api.job(pushed.id(), job).get("status").asString()).isEqualTo("running");
        api.post("/projects/" + pushed.id() + "/jobs/" + job + "/cancel", null);
        api.awaitJob(pushed.id(), job, "canceled", Duration.ofSeconds(60));
    }

    private static Instant started(JsonNode job) {
        return Instant.parse(job.get("started_at").asString());
    }

    private static Instant finished(JsonNode job) {
        return Instant.parse(job.get("finished_at").asString());
    }
}
