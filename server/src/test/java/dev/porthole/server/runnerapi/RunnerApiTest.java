package dev.porthole.server.runnerapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** GitLab's runner API as a runner sees it: status codes, headers and bodies. */
class RunnerApiTest extends ServerTestSupport {
    @Autowired
    JobService jobService;

    private String runnerToken;
    private Account owner;
    private String tag;

    @BeforeEach
    void runnerAndOwner() {
        // Each test runs its own runner, tagged so that it takes only its own jobs.
        String tag = "t" + System.nanoTime();
        owner = newUser(false);
        runnerToken = runners.createByAdmin(
                        new RunnerOptions("test runner", List.of(tag), false, false, false, null),
                        owner.user().id())
                .token();
        this.tag = tag;
    }

    private HttpResponse<String> requestJob(String token) {
        return postJson(
                "/api/v4/jobs/request",
                Map.of("token", token, "info", Map.of("name", "gitlab-runner", "version", "17.0.0")),
                Map.of());
    }

    private JsonNode startJob(String yaml) {
        newPipeline(newProject(owner.user(), yaml.replace("TAG", tag)), owner.user());
        HttpResponse<String> response = requestJob(runnerToken);
        assertThat(response.statusCode()).isEqualTo(201);
        return json(response);
    }

    private HttpResponse<String> patchTrace(JsonNode job, long start, String text) {
        return send(
                "PATCH",
                "/api/v4/jobs/" + job.get("id").asLong() + "/trace",
                Map.of(
                        "JOB-TOKEN",
                        job.get("token").asString(),
                        "Content-Range",
                        start + "-" + (start + text.length() - 1),
                        "Content-Type",
                        "text/plain"),
                text);
    }

    private HttpResponse<String> putState(JsonNode job, Map<String, Object> body) {
        var all = new HashMap<String, Object>(body);
        all.put("token", job.get("token").asString());
        return send(
                "PUT",
                "/api/v4/jobs/" + job.get("id").asLong(),
                Map.of("Content-Type", "application/json"),
                JSON.writeValueAsString(all));
    }

    @Nested
    class Registration {
        @Test
        void aLegacyRegistrationTokenRegistersARunner() {
            var response = postJson(
                    "/api/v4/runners",
                    Map.of("token", runners.registrationToken(), "description", "box", "tag_list", "a, b"),
                    Map.of());
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            JsonNode body = json(response);
            assertThat(body.get("id").asLong()).isPositive();
            assertThat(body.get("token").asString()).hasSizeGreaterThan(20);
            assertThat(body.has("token_expires_at")).isTrue();
        }

        @Test
        void aWrongRegistrationTokenIsForbidden() {
            var response = postJson("/api/v4/runners", Map.of("token", "nope"), Map.of());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(json(response).get("message").asString()).isEqualTo("403 Forbidden");
        }

        @Test
        void verifyAnswersForKnownTokensOnly() {
            assertThat(postJson("/api/v4/runners/verify", Map.of("token", runnerToken), Map.of())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(postJson("/api/v4/runners/verify", Map.of("token", "glrt-unknown"), Map.of())
                            .statusCode())
                    .isEqualTo(403);
        }

        @Test
        void deleteRemovesTheRunner() {
            String body = JSON.writeValueAsString(Map.of("token", runnerToken));
            var headers = Map.of("Content-Type", "application/json");
            assertThat(send("DELETE", "/api/v4/runners", headers, body).statusCode())
                    .isEqualTo(204);
            assertThat(send("DELETE", "/api/v4/runners", headers, body).statusCode())
                    .isEqualTo(403);
            assertThat(requestJob(runnerToken).statusCode()).isEqualTo(403);
        }
    }

    @Nested
    class JobRequests {
        @Test
        void withoutJobsTheAnswerIs204WithTheQueueVersion() {
            var response = requestJob(runnerToken);
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(header(response, "X-GitLab-Last-Update"))
                    .singleElement()
                    .asString()
                    .isNotBlank();
        }

        @Test
        void anUnknownRunnerIsForbidden() {
            assertThat(requestJob("glrt-nobody").statusCode()).isEqualTo(403);
        }

        @Test
        void aWaitingRequestIsAnsweredAsSoonAsAJobExists() {
            CompletableFuture<HttpResponse<String>> waiting =
                    CompletableFuture.supplyAsync(() -> requestJob(runnerToken));
            await().atMost(Duration.ofSeconds(1))
                    .pollDelay(Duration.ofMillis(200))
                    .until(() -> !waiting.isDone());
            newPipeline(newProject(owner.user(), "job:\n  script: echo hi\n  tags: [" + tag + "]\n"), owner.user());
            assertThat(waiting.join().statusCode()).isEqualTo(201);
        }

        @Test
        void theJobPayloadHasGitLabsShape() {
            JsonNode job = startJob("""
                    variables:
                      GLOBAL: g
                    rspec:
                      image: alpine:latest
                      tags: [TAG]
                      before_script: [echo before]
                      script: echo Hello World
                      after_script: [echo after]
                      variables:
                        RAW:
                          value: $HOME
                          expand: false
                    """);
            assertThat(job.get("id").asLong()).isPositive();
            assertThat(job.get("token").asString()).startsWith("glcbt-");
            assertThat(job.get("allow_git_fetch").asBoolean()).isTrue();
            assertThat(job.get("job_info").get("name").asString()).isEqualTo("rspec");
            assertThat(job.get("job_info").get("stage").asString()).isEqualTo("test");
            assertThat(job.get("git_info").get("repo_url").asString())
                    .startsWith("http://gitlab-ci-token:" + job.get("token").asString() + "@")
                    .endsWith(".git");
            assertThat(job.get("git_info").get("ref_type").asString()).isEqualTo("branch");
            assertThat(job.get("git_info").get("refspecs").get(0).asString()).startsWith("+refs/pipelines/");
            assertThat(job.get("runner_info").get("timeout").asInt()).isEqualTo(3600);

            JsonNode image = job.get("image");
            assertThat(image.get("name").asString()).isEqualTo("alpine:latest");
            assertThat(image.get("entrypoint").isNull()).isTrue();
            assertThat(image.get("executor_opts").isObject()).isTrue();
            assertThat(image.get("executor_opts").size()).isZero();
            assertThat(image.get("ports").isArray()).isTrue();
            assertThat(image.get("pull_policy").isNull()).isTrue();
            assertThat(job.get("services").isArray()).isTrue();
            assertThat(job.get("services").size()).isZero();

            JsonNode script = job.get("steps").get(0);
            assertThat(script.get("name").asString()).isEqualTo("script");
            assertThat(strings(script.get("script"))).containsExactly("echo before", "echo Hello World");
            assertThat(script.get("timeout").asInt()).isEqualTo(3600);
            assertThat(script.get("when").asString()).isEqualTo("on_success");
            assertThat(script.get("allow_failure").asBoolean()).isFalse();
            JsonNode after = job.get("steps").get(1);
            assertThat(after.get("name").asString()).isEqualTo("after_script");
            assertThat(after.get("when").asString()).isEqualTo("always");

            JsonNode token = variable(job, "CI_JOB_TOKEN");
            assertThat(token.get("masked").asBoolean()).isTrue();
            assertThat(token.get("public").asBoolean()).isFalse();
            assertThat(variable(job, "CI_JOB_ID").get("value").asString())
                    .isEqualTo(job.get("id").asString());
            assertThat(variable(job, "CI_COMMIT_BRANCH").get("value").asString())
                    .isEqualTo("main");
            assertThat(variable(job, "GITLAB_USER_LOGIN").get("value").asString())
                    .isEqualTo(owner.user().username());
            assertThat(variable(job, "GLOBAL").get("value").asString()).isEqualTo("g");
            assertThat(variable(job, "RAW").get("raw").asBoolean()).isTrue();
        }

        @Test
        void aRunnerThatConfirmsJobsHoldsThemPendingUntilItDoes() {
            newPipeline(newProject(owner.user(), "job:\n  script: x\n  tags: [" + tag + "]\n"), owner.user());
            var response = postJson(
                    "/api/v4/jobs/request",
                    Map.of(
                            "token",
                            runnerToken,
                            "info",
                            Map.of("name", "gitlab-runner", "features", Map.of("two_phase_job_commit", true))),
                    Map.of());
            assertThat(response.statusCode()).isEqualTo(201);
            JsonNode job = json(response);
            assertThat(jobService
                            .find(job.get("id").asLong())
                            .orElseThrow()
                            .status()
                            .wireName())
                    .isEqualTo("pending");
            var confirmed = putState(job, Map.of("state", "running"));
            assertThat(header(confirmed, "Job-Status")).containsExactly("running");
        }

        @Test
        void theJobIsAnsweredWithExactlyApplicationJson() {
            newPipeline(newProject(owner.user(), "job:\n  script: x\n  tags: [" + tag + "]\n"), owner.user());
            var response = requestJob(runnerToken);
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(header(response, "Content-Type")).containsExactly("application/json");
        }

        @Test
        void aJobWithoutAnImageSendsNull() {
            JsonNode job = startJob("job:\n  script: x\n  tags: [TAG]\n");
            assertThat(job.get("image").isNull()).isTrue();
            assertThat(job.get("steps").size()).isEqualTo(1);
        }

        private static JsonNode variable(JsonNode job, String key) {
            return StreamSupport.stream(job.get("variables").spliterator(), false)
                    .filter(v -> v.get("key").asString().equals(key))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no variable " + key));
        }

        private static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.asString()));
            return out;
        }
    }

    @Nested
    class Traces {
        @Test
        void patchesAppendAtTheOffsetAndA416SaysWhereTheLogEnds() {
            JsonNode job = startJob("job:\n  script: x\n  tags: [TAG]\n");
            var first = patchTrace(job, 0, "hello ");
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(header(first, "Range")).containsExactly("0-6");
            assertThat(header(first, "Job-Status")).containsExactly("running");
            assertThat(header(first, "X-GitLab-Trace-Update-Interval")).isNotEmpty();

            var gap = patchTrace(job, 10, "late");
            assertThat(gap.statusCode()).isEqualTo(416);
            assertThat(header(gap, "Range")).containsExactly("0-6");

            var again = patchTrace(job, 0, "hello ");
            assertThat(again.statusCode()).isEqualTo(416);
            assertThat(patchTrace(job, 6, "world").statusCode()).isEqualTo(202);
            assertThat(get(
                                    "/api/v4/projects/"
                                            + job.get("job_info")
                                                    .get("project_id")
                                                    .asLong() + "/jobs/"
                                            + job.get("id").asLong() + "/trace",
                                    owner.token())
                            .body())
                    .isEqualTo("hello world");
        }

        @Test
        void aPatchWithoutContentRangeIsABadRequest() {
            JsonNode job = startJob("job:\n  script: x\n  tags: [TAG]\n");
            var response = send(
                    "PATCH",
                    "/api/v4/jobs/" + job.get("id").asLong() + "/trace",
                    Map.of("JOB-TOKEN", job.get("token").asString()),
                    "x");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("message").asString()).isEqualTo("Missing header Content-Range");
        }

        @Test
        void aLogPastTheLimitFailsTheJob() {
            JsonNode job = startJob("job:\n  script: x\n  tags: [TAG]\n");
            var response = patchTrace(job, 0, "x".repeat(1001));
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(jobService
                            .find(job.get("id").asLong())
                            .orElseThrow()
                            .failureReason()
                            .wireName())
                    .isEqualTo("trace_size_exceeded");
        }

        @Test
        void aWrongJobTokenIsForbidden() {
            JsonNode job = startJob("job:\n  script: x\n  tags: [TAG]\n");
            var response = send(
                    "PATCH",
                    "/api/v4/jobs/" + job.get("id").asLong() + "/trace",
                    Map.of("JOB-TOKEN", "glcbt-wrong", "Content-Range", "0-0"),
                    "x");
            assertThat(response.statusCode()).isEqualTo(403);
        }
    }

    @Nested
    class States {
        @Test
        void theFinalStateIsRecordedAndLaterReportsAreRefused() {
            JsonNode job = startJob("job:\n  script: x\n  tags: [TAG]\n");
            var running = putState(job, Map.of("state", "running"));
            assertThat(running.statusCode()).isEqualTo(200);
            assertThat(header(running, "Job-Status")).containsExactly("running");

            var failed = putState(job, Map.of("state", "failed", "failure_reason", "script_failure", "exit_code", 3));
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(header(failed, "Job-Status")).containsExactly("failed");
            assertThat(jobService.find(job.get("id").asLong()).orElseThrow().exitCode())
                    .isEqualTo(3);

            var late = patchTrace(job, 0, "late");
            assertThat(late.statusCode()).isEqualTo(403);
            assertThat(header(late, "Job-Status")).containsExactly("failed");
        }

        @Test
        void anUnknownStateIsABadRequest() {
            JsonNode job = startJob("job:\n  script: x\n  tags: [TAG]\n");
            assertThat(putState(job, Map.of("state", "exploded")).statusCode()).isEqualTo(400);
        }

        @Test
        void aCancelReachesTheRunnerInTheNextAnswer() {
            JsonNode job = startJob("job:\n  script: x\n  tags: [TAG]\n");
            long projectId = job.get("job_info").get("project_id").asLong();
            var cancel = send(
                    "POST",
                    "/api/v4/projects/" + projectId + "/jobs/" + job.get("id").asLong() + "/cancel",
                    Map.of("PRIVATE-TOKEN", owner.token()),
                    null);
            assertThat(cancel.statusCode()).isEqualTo(201);
            assertThat(json(cancel).get("status").asString()).isEqualTo("canceling");
            assertThat(header(patchTrace(job, 0, "still running"), "Job-Status"))
                    .containsExactly("canceling");
            var done = putState(job, Map.of("state", "failed"));
            assertThat(header(done, "Job-Status")).containsExactly("canceled");
        }
    }
}
