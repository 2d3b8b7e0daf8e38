package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a {@code .gitlab-ci.yml} asks of the server and runner together: needs, matrices, retries, interruptible
 * jobs, delays, caches, artifacts and rules on changed files, each seen through the API.
 */
class PipelineFeaturesIT extends OnSharedEnvironment {
    private static final Duration WITHIN = Duration.ofMinutes(2);

    @Test
    void aJobStartsWhenItsNeedsFinishNotWhenItsStageDoes() {
        var pushed = api.pushNewProject("""
                stages: [build, test]
                fast:
                  stage: build
                  script: echo fast
                slow:
                  stage: build
                  script: sleep 300
                after-fast:
                  stage: test
                  needs: [fast]
                  script: echo "needs met"
                after-all:
                  stage: test
                  script: echo "stage met"
                """);
        long id = pushed.id();
        long slow = api.job(id, pushed.pipeline(), "slow").get("id").asLong();
        long afterFast = api.job(id, pushed.pipeline(), "after-fast").get("id").asLong();
        api.awaitJob(id, afterFast, "success", WITHIN);
        assertThat(api.job(id, slow).get("status").asString()).isEqualTo("running");
        assertThat(api.job(id, pushed.pipeline(), "after-all").get("status").asString())
                .isEqualTo("created");
        api.post("/projects/" + id + "/pipelines/" + pushed.pipeline() + "/cancel", Map.of());
        api.awaitPipeline(id, pushed.pipeline(), WITHIN);
    }

    @Test
    void parallelMatrixJobsAreNamedAsGitLabNamesThemAndKnowTheirIndex() {
        var pushed = api.pushNewProject("""
                test:
                  parallel:
                    matrix:
                      - OS: [linux, mac]
                        ARCH: amd64
                  script: echo "os=$OS arch=$ARCH node=$CI_NODE_INDEX/$CI_NODE_TOTAL"
                shard:
                  parallel: 2
                  script: echo "shard $CI_NODE_INDEX of $CI_NODE_TOTAL"
                """);
        JsonNode pipeline = api.awaitPipeline(pushed.id(), pushed.pipeline(), WITHIN);
        assertThat(pipeline.get("status").asString()).isEqualTo("success");
        List<String> names = new ArrayList<>();
        api.jobs(pushed.id(), pushed.pipeline())
                .forEach(j -> names.add(j.get("name").asString()));
        assertThat(names)
                .containsExactlyInAnyOrder("test: [linux, amd64]", "test: [mac, amd64]", "shard 1/2", "shard 2/2");
        long mac = api.job(pushed.id(), pushed.pipeline(), "test: [mac, amd64]")
                .get("id")
                .asLong();
        assertThat(api.trace(pushed.id(), mac)).contains("os=mac arch=amd64 node=2/2");
        long shard =
                api.job(pushed.id(), pushed.pipeline(), "shard 2/2").get("id").asLong();
        assertThat(api.trace(pushed.id(), shard)).contains("shard 2 of 2");
    }

    @Test
    void retryRunsAJobAgainOnlyForTheFailuresItNames() {
        var pushed = api.pushNewProject("""
                on-script-failure:
                  retry:
                    max: 2
                    when: script_failure
                  script: exit 7
                on-system-failure-only:
                  retry:
                    max: 2
                    when: runner_system_failure
                  script: exit 7
                """);
        long id = pushed.id();
        JsonNode pipeline = api.awaitPipeline(id, pushed.pipeline(), WITHIN);
        assertThat(pipeline.get("status").asString()).isEqualTo("failed");
        List<String> attempts = new ArrayList<>();
        api.get("/projects/" + id + "/pipelines/" + pushed.pipeline() + "/jobs?include_retried=true&per_page=100")
                .forEach(j -> attempts.add(j.get("name").asString()));
        assertThat(attempts).filteredOn("on-script-failure"::equals).hasSize(3);
        assertThat(attempts).filteredOn("on-system-failure-only"::equals).hasSize(1);
    }

    @Test
    void aPushToTheSameBranchCancelsTheOlderPipelinesInterruptibleJobs() {
        JsonNode project =
                api.createProject("interrupt-" + UUID.randomUUID().toString().substring(0, 8));
        long id = project.get("id").asLong();
        var tree = GitWorkTree.init(
                env.server().url(),
                project.get("path_with_namespace").asString(),
                api.get("/user").get("username").asString(),
                api.token());
        tree.write(".gitlab-ci.yml", "long:\n  interruptible: true\n  script: sleep 300\n");
        tree.commit("First");
        tree.push();
        long first = api.awaitNewPipeline(id, 0, WITHIN);
        long firstJob = api.job(id, first, "long").get("id").asLong();
        api.awaitJob(id, firstJob, "running", WITHIN);

        // Another pipeline for the same commit is not redundant: it leaves the first running.
        long again = api.post("/projects/" + id + "/pipeline?ref=main", null)
                .get("id")
                .asLong();
        assertThat(api.job(id, firstJob).get("status").asString()).isEqualTo("running");

        tree.write("README.md", "# A new commit\n");
        tree.commit("Second");
        tree.push();
        long second = api.awaitNewPipeline(id, again, WITHIN);
        api.awaitJob(id, firstJob, "canceled", WITHIN);
        assertThat(api.awaitPipeline(id, first, WITHIN).get("status").asString())
                .isEqualTo("canceled");
        assertThat(api.awaitPipeline(id, again, WITHIN).get("status").asString())
                .isEqualTo("canceled");
        api.post("/projects/" + id + "/pipelines/" + second + "/cancel", Map.of());
        api.awaitPipeline(id, second, WITHIN);
    }

    @Test
    void aDelayedJobWaitsItsTimeAndCanBeStartedEarly() {
        var pushed = api.pushNewProject("""
                soon:
                  when: delayed
                  start_in: 1 second
                  script: echo "started when due"
                later:
                  when: delayed
                  start_in: 1 hour
                  script: echo "started early"
                """);
        long id = pushed.id();
        long soon = api.job(id, pushed.pipeline(), "soon").get("id").asLong();
        long later = api.job(id, pushed.pipeline(), "later").get("id").asLong();
        api.awaitJob(id, soon, "success", WITHIN);
        assertThat(api.job(id, later).get("status").asString()).isEqualTo("scheduled");
        api.post("/projects/" + id + "/jobs/" + later + "/play", Map.of());
        api.awaitJob(id, later, "success", WITHIN);
        assertThat(api.trace(id, later)).contains("started early");
    }

    @Test
    void cachesCarryFilesFromOnePipelineToTheNextOnTheRunnersMachine() {
        String marker = UUID.randomUUID().toString();
        var pushed = api.pushNewProject("""
                fill:
                  cache:
                    key: deps-$CI_COMMIT_REF_SLUG
                    paths: [vendor/]
                  script:
                    - if [ -f vendor/marker ]; then echo "restored $(cat vendor/marker)"; else echo "cold cache"; fi
                    - mkdir -p vendor && echo "$MARKER" > vendor/marker
                variables:
                  MARKER: "%s"
                """.formatted(marker));
        long id = pushed.id();
        assertThat(api.awaitPipeline(id, pushed.pipeline(), WITHIN)
                        .get("status")
                        .asString())
                .isEqualTo("success");
        String first = api.trace(id, pushed.firstJob(api));
        assertThat(first).contains("cold cache").contains("Creating cache deps-main...");

        long second = api.post("/projects/" + id + "/pipeline?ref=main", null)
                .get("id")
                .asLong();
        assertThat(api.awaitPipeline(id, second, WITHIN).get("status").asString())
                .isEqualTo("success");
        String log = api.trace(id, api.jobs(id, second).get(0).get("id").asLong());
        assertThat(log).contains("Checking cache for deps-main...").contains("restored " + marker);
    }

    @Test
    void artifactsFollowTheirWhenAndExcludeAndScriptsFetchThemWithTheJobToken() {
        var pushed = api.pushNewProject("""
                stages: [build, fetch]
                build:
                  stage: build
                  script:
                    - mkdir -p out && echo keep > out/keep.txt && echo drop > out/drop.log
                  artifacts:
                    paths: [out/]
                    exclude: ["out/*.log"]
                    expire_in: 1 week
                report-on-failure:
                  stage: build
                  allow_failure: true
                  script:
                    - echo "failure report" > report.txt
                    - exit 1
                  artifacts:
                    when: on_failure
                    paths: [report.txt]
                fetch:
                  stage: fetch
                  dependencies: []
                  script:
                    - test ! -e out/keep.txt
                    - >
                      curl --silent --show-error --fail -o build.zip -H "JOB-TOKEN: $CI_JOB_TOKEN"
                      "$CI_API_V4_URL/projects/$CI_PROJECT_ID/jobs/artifacts/main/download?job=build"
                    - echo "fetched $(stat -c %s build.zip) bytes"
                    - >
                      code=$(curl --silent -o /dev/null -w '%{http_code}' -H "JOB-TOKEN: $CI_JOB_TOKEN"
                      "$CI_API_V4_URL/projects/$CI_PROJECT_ID/variables"); echo "variables answered $code"
                """);
        long id = pushed.id();
        assertThat(api.awaitPipeline(id, pushed.pipeline(), WITHIN)
                        .get("status")
                        .asString())
                .isEqualTo("success");

        JsonNode build = api.job(id, pushed.pipeline(), "build");
        assertThat(build.get("artifacts_file").get("filename").asString()).isEqualTo("artifacts.zip");
        assertThat(build.get("artifacts_expire_at").isNull()).isFalse();
        long buildId = build.get("id").asLong();
        assertThat(api.request("GET", "/projects/" + id + "/jobs/" + buildId + "/artifacts/out/keep.txt", null)
                        .body())
                .isEqualTo("keep\n");
        assertThat(api.request("GET", "/projects/" + id + "/jobs/" + buildId + "/artifacts/out/drop.log", null)
                        .status())
                .isEqualTo(404);

        long report =
                api.job(id, pushed.pipeline(), "report-on-failure").get("id").asLong();
        assertThat(api.request("GET", "/projects/" + id + "/jobs/" + report + "/artifacts/report.txt", null)
                        .body())
                .isEqualTo("failure report\n");

        long fetch = api.job(id, pushed.pipeline(), "fetch").get("id").asLong();
        assertThat(api.trace(id, fetch))
                .contains("fetched ")
                .doesNotContain("fetched 0 bytes")
                .contains("variables answered 401");
    }

    @Test
    void rulesOnChangedFilesSeeWhatThePushChanged() {
        JsonNode project =
                api.createProject("changes-" + UUID.randomUUID().toString().substring(0, 8));
        long id = project.get("id").asLong();
        var tree = GitWorkTree.init(
                env.server().url(),
                project.get("path_with_namespace").asString(),
                api.get("/user").get("username").asString(),
                api.token());
        tree.write(".gitlab-ci.yml", """
                docs:
                  rules:
                    - changes: [docs/**/*]
                  script: echo docs
                code:
                  rules:
                    - changes: [src/**/*]
                  script: echo code
                """);
        tree.write("docs/index.md", "# Docs\n");
        tree.write("src/main.sh", "echo main\n");
        tree.commit("First");
        tree.push();
        long first = api.awaitNewPipeline(id, 0, WITHIN);
        assertThat(names(id, first)).containsExactlyInAnyOrder("docs", "code");

        tree.write("docs/index.md", "# Docs, better\n");
        tree.commit("Only docs");
        tree.push();
        long second = api.awaitNewPipeline(id, first, WITHIN);
        assertThat(names(id, second)).containsExactly("docs");
    }

    private static List<String> names(long projectId, long pipelineId) {
        List<String> names = new ArrayList<>();
        api.jobs(projectId, pipelineId).forEach(j -> names.add(j.get("name").asString()));
        return names;
    }
}
