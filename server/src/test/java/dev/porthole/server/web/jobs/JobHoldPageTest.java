package dev.porthole.server.web.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.debughold.DebugHolds;
import dev.porthole.server.pipeline.Assignment;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.project.Project;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A held job through the server's own doors: the runner's report and the time left in every answer, the job page's
 * banner with Extend and Release, the API's hold endpoints, Retry with debug hold, and Admin › Held jobs; with the
 * denied cases for each.
 */
class JobHoldPageTest extends PagesWithRunner {
    private static final String REMAINING = "Porthole-Debug-Hold-Remaining";
    private static final java.util.regex.Pattern HIDDEN_BANNER =
            java.util.regex.Pattern.compile("data-testid=\"job-hold\"[^>]*hidden");

    @Autowired
    DebugHolds holds;

    private Project project;
    private Assignment assignment;

    @BeforeEach
    void aRunningJob() {
        cast();
        project = project("build:\n  tags: [TAG]\n  script: [\"exit 3\"]\n");
        pipeline(project);
        assignment = jobService.assignNext(runner, false).orElseThrow();
    }

    private Job job() {
        return reload(assignment.job());
    }

    private String jobPath() {
        return path(project) + "/-/jobs/" + assignment.job().id();
    }

    /** What the runner sends while it holds the job: a running report with the hold. */
    private HttpResponse<String> runnerReports(Map<String, Object> debugHold) {
        var body = new java.util.HashMap<String, Object>(Map.of("token", assignment.token(), "state", "running"));
        if (debugHold != null) {
            body.put("debug_hold", debugHold);
        }
        return send(
                "PUT",
                "/api/v4/jobs/" + assignment.job().id(),
                Map.of("Content-Type", "application/json"),
                JSON.writeValueAsString(body));
    }

    private HttpResponse<String> held() {
        return runnerReports(Map.of("seconds", 600, "exit_code", 3));
    }

    private static long remaining(HttpResponse<String> answer) {
        return Long.parseLong(answer.headers().firstValue(REMAINING).orElseThrow());
    }

    @Test
    void theRunnersReportStartsTheHoldAndEveryAnswerCarriesTheTimeLeft() {
        assertThat(runnerReports(null).headers().firstValue(REMAINING))
                .as("not held yet")
                .isEmpty();
        HttpResponse<String> answer = held();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(remaining(answer)).isBetween(590L, 600L);
        // Keep-alives without the field (a runner that restarted its uploader) still learn the time left.
        assertThat(remaining(runnerReports(null))).isBetween(590L, 600L);
        HttpResponse<String> trace = send(
                "PATCH",
                "/api/v4/jobs/" + assignment.job().id() + "/trace",
                Map.of("JOB-TOKEN", assignment.token(), "Content-Range", "0-2"),
                "abc");
        assertThat(trace.statusCode()).isEqualTo(202);
        assertThat(remaining(trace)).isBetween(590L, 600L);
    }

    @Test
    void theJobPageShowsTheHoldWithItsControlsToDevelopersOnly() {
        held();
        var developerPage = signedIn(developer).get(jobPath()).body();
        assertThat(developerPage)
                .contains("data-testid=\"job-hold\"")
                .contains("Held for debugging")
                .contains("data-testid=\"extend-hold\"")
                .contains("data-testid=\"release-hold\"")
                .contains("Extend by <span data-field=\"hold-extend-by\">10m0s</span>");
        assertThat(developerPage).doesNotContainPattern(HIDDEN_BANNER);
        var reporterPage = signedIn(reporter).get(jobPath()).body();
        assertThat(reporterPage).contains("Held for debugging").doesNotContain("data-testid=\"release-hold\"");
        JsonNode state =
                JSON.readTree(signedIn(reporter).get(jobPath() + ".json").body());
        assertThat(state.get("hold").get("exit_code").asInt()).isEqualTo(3);
        assertThat(state.get("hold").get("controls").asBoolean()).isFalse();
        assertThat(state.get("hold").get("remaining_millis").asLong()).isBetween(590_000L, 600_000L);
    }

    @Test
    void extendAndReleaseFromThePageNeedTheDeveloperRole() {
        held();
        var reporterSession = signedIn(reporter);
        reporterSession.get(jobPath());
        assertThat(reporterSession.post(jobPath() + "/hold/extend", Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(reporterSession.post(jobPath() + "/hold/release", Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(signedIn(stranger)
                        .post(jobPath() + "/hold/release", Map.of())
                        .statusCode())
                .isEqualTo(404);
        assertThat(holds.open(job())).isPresent();

        var developerSession = signedIn(developer);
        developerSession.get(jobPath());
        var extended = developerSession.post(jobPath() + "/hold/extend", Map.of());
        assertThat(extended.statusCode()).isEqualTo(302);
        assertThat(developerSession.get(jobPath()).body()).contains("now ends at");
        assertThat(remaining(runnerReports(null))).isBetween(1190L, 1200L);

        assertThat(developerSession.post(jobPath() + "/hold/release", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(developerSession.get(jobPath()).body()).contains("was released");
        assertThat(remaining(runnerReports(null)))
                .as("the runner is told to end the hold")
                .isZero();
        assertThat(developerSession.post(jobPath() + "/hold/release", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(developerSession.get(jobPath()).body()).contains("is not held for debugging anymore");
    }

    @Test
    void theApiExtendsAndReleasesForDevelopersAndSaysWhyNot() {
        String api =
                "/api/v4/projects/" + project.id() + "/jobs/" + assignment.job().id() + "/hold/";
        assertThat(postJson(api + "extend", Map.of(), Map.of("PRIVATE-TOKEN", developer.token()))
                        .statusCode())
                .as("not held yet")
                .isEqualTo(404);
        held();
        assertThat(postJson(api + "extend", Map.of(), Map.of()).statusCode()).isEqualTo(401);
        assertThat(postJson(api + "extend", Map.of(), Map.of("PRIVATE-TOKEN", stranger.token()))
                        .statusCode())
                .isEqualTo(404);
        assertThat(postJson(api + "release", Map.of(), Map.of("PRIVATE-TOKEN", reporter.token()))
                        .statusCode())
                .isEqualTo(403);

        var extended = postJson(api + "extend", Map.of(), Map.of("PRIVATE-TOKEN", developer.token()));
        assertThat(extended.statusCode()).isEqualTo(201);
        JsonNode hold = json(extended).get("debug_hold");
        assertThat(hold.get("status").asString()).isEqualTo("held");
        assertThat(hold.get("extensions").asInt()).isEqualTo(1);
        assertThat(hold.get("remaining_seconds").asLong()).isBetween(1190L, 1200L);
        assertThat(hold.get("exit_code").asInt()).isEqualTo(3);
        // 10m + 10m + 10m = 30m, then up to the default maximum of 1h: 40m, 50m, 60m, then no more.
        for (int i = 0; i < 4; i++) {
            postJson(api + "extend", Map.of(), Map.of("PRIVATE-TOKEN", developer.token()));
        }
        var atMaximum = postJson(api + "extend", Map.of(), Map.of("PRIVATE-TOKEN", developer.token()));
        assertThat(atMaximum.statusCode()).isEqualTo(409);
        assertThat(atMaximum.body()).contains("maximum of 1h0m0s");

        var released = postJson(api + "release", Map.of(), Map.of("PRIVATE-TOKEN", developer.token()));
        assertThat(released.statusCode()).isEqualTo(201);
        assertThat(json(released).get("debug_hold").get("status").asString()).isEqualTo("released");
        assertThat(postJson(api + "release", Map.of(), Map.of("PRIVATE-TOKEN", developer.token()))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void whenTheRunnerReportsTheFailureTheHoldIsOverAndTheJobFailedWithItsCode() {
        held();
        var answer = send(
                "PUT",
                "/api/v4/jobs/" + assignment.job().id(),
                Map.of("Content-Type", "application/json"),
                JSON.writeValueAsString(Map.of(
                        "token",
                        assignment.token(),
                        "state",
                        "failed",
                        "failure_reason",
                        "script_failure",
                        "exit_code",
                        3)));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(job().status()).isEqualTo(JobStatus.FAILED);
        assertThat(job().exitCode()).isEqualTo(3);
        assertThat(holds.allOpen()).noneMatch(h -> h.jobId() == assignment.job().id());
        String page = signedIn(owner).get(jobPath()).body();
        assertThat(page).contains("data-testid=\"job-hold\"");
        assertThat(page).containsPattern(HIDDEN_BANNER);
    }

    @Test
    void retryWithDebugHoldAsksTheNewAttemptToBeHeld() {
        fail(assignment.job());
        var session = signedIn(developer);
        String page = session.get(jobPath()).body();
        assertThat(page).contains("data-testid=\"retry-hold\"");

        var refused = session.post(jobPath() + "/retry", Map.of("debug_hold", "soon"));
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(session.get(jobPath()).body()).contains("the debug hold must be a duration such as 15m");
        assertThat(job().retried()).as("nothing was retried").isFalse();
        session.post(jobPath() + "/retry", Map.of("debug_hold", "2h"));
        assertThat(job().retried()).as("longer than the maximum").isFalse();

        session.post(jobPath() + "/retry", Map.of("debug_hold", "20 minutes"));
        Job retry = jobStore.forPipeline(assignment.job().pipelineId()).stream()
                .filter(j -> !j.retried())
                .findFirst()
                .orElseThrow();
        assertThat(retry.spec().debugHold()).isEqualTo("20m0s");
        // What a runner gets: the hold as the last word on the variable, whatever YAML or settings said.
        String runnerToken = runners.createByAdmin(
                        new RunnerOptions("second runner", List.of(tag), false, false, false, null),
                        owner.user().id())
                .token();
        var request = postJson(
                "/api/v4/jobs/request",
                Map.of("token", runnerToken, "info", Map.of("name", "gitlab-runner", "version", "17.0.0")),
                Map.of());
        assertThat(request.statusCode()).isEqualTo(201);
        List<String> variables = new java.util.ArrayList<>();
        json(request)
                .get("variables")
                .forEach(v -> variables.add(
                        v.get("key").asString() + "=" + v.get("value").asString()));
        assertThat(variables.getLast()).isEqualTo("PORTHOLE_DEBUG_HOLD=20m0s");
    }

    @Test
    void adminsSeeHeldJobsAndSetTheMaximum() {
        held();
        Account admin = newUser(true);
        var session = signedIn(admin);
        assertThat(session.get("/admin/held_jobs").body())
                .contains("data-testid=\"held-job-" + assignment.job().id() + "\"")
                .contains("value=\"1h0m0s\"");
        var bad = session.post("/admin/held_jobs/maximum", Map.of("maximum", "3 days"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("Nothing was saved");
        assertThat(holds.maximum()).isEqualTo(DebugHolds.DEFAULT_MAXIMUM);
        try {
            assertThat(session.post("/admin/held_jobs/maximum", Map.of("maximum", "90m"))
                            .statusCode())
                    .isEqualTo(302);
            assertThat(holds.maximum()).isEqualTo(Duration.ofMinutes(90));
            assertThat(signedIn(owner)
                            .post("/admin/held_jobs/maximum", Map.of("maximum", "24h"))
                            .statusCode())
                    .isEqualTo(404);
            assertThat(holds.maximum()).isEqualTo(Duration.ofMinutes(90));
        } finally {
            holds.setMaximum(DebugHolds.DEFAULT_MAXIMUM, admin.user().id());
        }
    }
}
