package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porthole.protocol.terminal.TerminalStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Debug holds end to end on the shell executor: a failed job that asks for a hold stays running with its build
 * directory as the script left it, a terminal through the server shows the leftovers, and Extend and Release through
 * the API move and end the hold, after which after_script runs and the job ends failed with the script's exit code.
 */
class DebugHoldIT {
    private static final List<String> OURS = List.of("v1.terminal.porthole.dev");
    private static final Duration HELD = Duration.ofSeconds(90);
    private static Environment env;
    private static Api api;

    @BeforeAll
    static void serverAndRunnerWithSessionServer() {
        env = Environment.startWithTerminals("debug-hold", 1800);
        api = env.api();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.stop();
        }
    }

    /**
     * A job whose script leaves {@code state.txt} behind and fails with this exit code, and whose after_script shows
     * and removes the file: what the terminal sees proves the hold came before after_script.
     */
    static String failingJob(String hold, int exitCode) {
        return """
                job:
                  tags: [e2e]
                  variables:
                    PORTHOLE_DEBUG_HOLD: "%s"
                  script:
                    - echo broken > state.txt
                    - exit %d
                  after_script:
                    - echo "after_script found $(cat state.txt | tr '\\n' ' ')"
                    - rm -f state.txt
                """.formatted(hold, exitCode);
    }

    /**
     * Waits until the project's job is held (running, with an open hold) and offers a terminal, and returns it; the
     * API must be that of the user who started the job, the only one who gets the terminal.
     */
    static JsonNode heldJob(Api api, Api.PushedProject project, Duration within) {
        long jobId = project.firstJob(api);
        return await("job " + jobId + " held for debugging")
                .atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .failFast(() -> {
                    String status = api.job(project.id(), jobId).get("status").asString();
                    if (!status.equals("running") && !status.equals("pending")) {
                        throw new AssertionError("the job is " + status + ":\n" + api.trace(project.id(), jobId));
                    }
                })
                .until(
                        () -> api.job(project.id(), jobId),
                        job -> job.path("debug_hold")
                                        .path("status")
                                        .asString("")
                                        .equals("held")
                                && !job.path("terminal_path").isNull());
    }

    private static String socketUrl(JsonNode job) {
        return TerminalSessionIT.socketUrl(env, job);
    }

    private static String holdPath(long projectId, long jobId, String action) {
        return "/projects/" + projectId + "/jobs/" + jobId + "/hold/" + action;
    }

    /** A new user's API, a member of the project with this access level (0: not a member). */
    private static Api user(long projectId, int accessLevel) {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        long id = api.createUser(name, "password-" + name, false);
        String token = api.tokenFor(id);
        if (accessLevel > 0) {
            api.post("/projects/" + projectId + "/members", Map.of("user_id", id, "access_level", accessLevel));
        }
        return new Api(env.server().url(), token);
    }

    private static Instant instant(JsonNode node) {
        return Instant.parse(node.asString());
    }

    @Test
    void aHeldJobKeepsWhatTheScriptLeftForTheTerminalUntilReleasedThenRunsAfterScriptAndFails() {
        var project = api.pushNewProject(failingJob("10m", 3));
        JsonNode job = heldJob(api, project, HELD);
        long jobId = job.get("id").asLong();
        assertThat(job.get("status").asString()).isEqualTo("running");
        JsonNode hold = job.get("debug_hold");
        assertThat(hold.get("exit_code").asInt()).isEqualTo(3);
        assertThat(hold.get("extend_by_seconds").asLong()).isEqualTo(600);
        assertThat(hold.get("extensions").asInt()).isZero();
        assertThat(hold.get("released_at").isNull()).isTrue();
        assertThat(Duration.between(instant(hold.get("started_at")), instant(hold.get("ends_at"))))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(hold.get("remaining_seconds").asLong()).isBetween(500L, 600L);
        String log = api.awaitTrace(
                project.id(), jobId, "Job failed (exit code 3); held for debugging for 10m0s", Duration.ofSeconds(30));
        assertThat(log).doesNotContain("after_script found");

        try (var terminal = TerminalClient.connect(socketUrl(job), Map.of("PRIVATE-TOKEN", api.token()), OURS)) {
            terminal.type("echo \"[$(cat state.txt)]\"; echo by-hand >> state.txt\r");
            terminal.awaitOutput("[broken]", Duration.ofSeconds(30));

            JsonNode extended = api.post(holdPath(project.id(), jobId, "extend"), null);
            assertThat(extended.get("status").asString()).isEqualTo("running");
            assertThat(instant(extended.get("debug_hold").get("ends_at")))
                    .isEqualTo(instant(hold.get("ends_at")).plus(Duration.ofMinutes(10)));
            assertThat(extended.get("debug_hold").get("extensions").asInt()).isEqualTo(1);
            assertThat(extended.get("debug_hold").get("remaining_seconds").asLong())
                    .isGreaterThan(1100);
            api.awaitTrace(project.id(), jobId, "The debug hold was extended: it ends in", Duration.ofSeconds(30));

            JsonNode released = api.post(holdPath(project.id(), jobId, "release"), null);
            assertThat(released.get("debug_hold").get("status").asString()).isEqualTo("released");
            // The terminal is closed with the reason before the environment goes.
            assertThat(terminal.closed().orTimeout(60, TimeUnit.SECONDS).join()).isNotBlank();
            assertThat(terminal.statuses())
                    .anySatisfy(status -> assertThat(status)
                            .isInstanceOfSatisfying(
                                    TerminalStatus.Closing.class,
                                    closing -> assertThat(closing.reason()).isEqualTo("debug_hold_ended")));
        }

        JsonNode failed = api.awaitJob(project.id(), jobId, "failed", Duration.ofSeconds(60));
        assertThat(failed.get("exit_code").asInt()).isEqualTo(3);
        assertThat(failed.get("failure_reason").asString()).isEqualTo("script_failure");
        assertThat(failed.get("terminal_path").isNull()).isTrue();
        JsonNode after = failed.get("debug_hold");
        assertThat(after.get("status").asString()).isEqualTo("released");
        assertThat(after.get("remaining_seconds").asLong()).isZero();
        assertThat(after.get("released_at").isNull()).isFalse();
        log = api.trace(project.id(), jobId);
        // after_script ran after the release, in the same build directory, with what the terminal added.
        assertThat(log).contains("The debug hold was released").contains("after_script found broken by-hand");
        assertThat(log.indexOf("The debug hold was released"))
                .isLessThan(log.indexOf("after_script found broken by-hand"));
        assertThat(log.indexOf("held for debugging for 10m0s")).isLessThan(log.indexOf("The debug hold was released"));
    }

    @Test
    void aHoldThatRunsOutEndsTheJobFailedWithItsExitCode() {
        var project = api.pushNewProject(failingJob("5s", 7));
        JsonNode job = heldJob(api, project, HELD);
        long jobId = job.get("id").asLong();
        assertThat(job.get("debug_hold").get("remaining_seconds").asLong()).isBetween(0L, 5L);

        JsonNode failed = api.awaitJob(project.id(), jobId, "failed", Duration.ofSeconds(60));
        assertThat(failed.get("exit_code").asInt()).isEqualTo(7);
        assertThat(failed.get("failure_reason").asString()).isEqualTo("script_failure");
        JsonNode hold = failed.get("debug_hold");
        assertThat(hold.get("status").asString()).isEqualTo("expired");
        assertThat(hold.get("released_at").isNull()).isTrue();
        assertThat(Duration.between(instant(hold.get("started_at")), instant(hold.get("ends_at"))))
                .isEqualTo(Duration.ofSeconds(5));
        String log = api.trace(project.id(), jobId);
        assertThat(log)
                .contains("Job failed (exit code 7); held for debugging for 5s")
                .contains("The debug hold is over: its time ran out")
                .doesNotContain("The debug hold was released")
                .contains("after_script found broken");
    }

    @Test
    void aJobThatSucceedsIsNeverHeld() {
        var project = api.pushNewProject("""
                job:
                  tags: [e2e]
                  variables:
                    PORTHOLE_DEBUG_HOLD: 10m
                  script:
                    - echo all good
                """);
        long jobId = project.firstJob(api);
        JsonNode job = api.awaitJob(project.id(), jobId, "success", Duration.ofSeconds(90));
        assertThat(job.path("debug_hold").isNull() || job.path("debug_hold").isMissingNode())
                .as("debug_hold of %s", job)
                .isTrue();
        assertThat(api.trace(project.id(), jobId)).contains("all good").doesNotContain("held for debugging");
    }

    @Test
    void aValueThatIsNotADurationIsReportedAndTheJobFailsAsUsual() {
        var project = api.pushNewProject(failingJob("soon", 4));
        long jobId = project.firstJob(api);
        JsonNode job = api.awaitJob(project.id(), jobId, "failed", Duration.ofSeconds(90));
        assertThat(job.get("exit_code").asInt()).isEqualTo(4);
        assertThat(job.get("failure_reason").asString()).isEqualTo("script_failure");
        assertThat(job.path("debug_hold").isNull() || job.path("debug_hold").isMissingNode())
                .as("debug_hold of %s", job)
                .isTrue();
        assertThat(api.trace(project.id(), jobId))
                .contains("PORTHOLE_DEBUG_HOLD is \"soon\", not a duration such as 15m or 1h30m")
                .contains("after_script found broken")
                .doesNotContain("held for debugging for");
    }

    @Test
    void onlyDevelopersAndUpMayExtendOrReleaseAndExtendStopsAtTheAdministratorsMaximum() {
        var project = api.pushNewProject(failingJob("10m", 5));
        JsonNode job = heldJob(api, project, HELD);
        long jobId = job.get("id").asLong();
        Instant started = instant(job.get("debug_hold").get("started_at"));
        String extend = holdPath(project.id(), jobId, "extend");
        String release = holdPath(project.id(), jobId, "release");

        Api reporter = user(project.id(), 20);
        assertThat(reporter.request("POST", extend, null).status()).isEqualTo(403);
        assertThat(reporter.request("POST", release, null).status()).isEqualTo(403);
        Api stranger = user(project.id(), 0);
        assertThat(stranger.request("POST", extend, null).status()).isEqualTo(404);
        assertThat(stranger.request("POST", release, null).status()).isEqualTo(404);
        assertThat(api.job(project.id(), jobId).get("debug_hold").get("status").asString())
                .isEqualTo("held");

        // A running job that is not held, and a job of another project under this one's id.
        var sleeping = TerminalSessionIT.sleepingJob(api);
        long sleepingJob = sleeping.firstJob(api);
        api.awaitJob(sleeping.id(), sleepingJob, "running", Duration.ofSeconds(60));
        assertThat(api.request("POST", holdPath(sleeping.id(), sleepingJob, "extend"), null)
                        .status())
                .isEqualTo(404);
        assertThat(api.request("POST", holdPath(sleeping.id(), sleepingJob, "release"), null)
                        .status())
                .isEqualTo(404);
        assertThat(api.request("POST", holdPath(sleeping.id(), jobId, "release"), null)
                        .status())
                .isEqualTo(404);
        api.post("/projects/" + sleeping.id() + "/jobs/" + sleepingJob + "/cancel", null);

        long maximumBefore = api.get("/application/settings")
                .get("porthole_debug_hold_maximum_seconds")
                .asLong();
        try {
            api.ok("PUT", "/application/settings", Map.of("porthole_debug_hold_maximum_seconds", 900));
            Api developer = user(project.id(), 30);
            // 10 minutes more would pass the maximum of 15 from the start: the end stops there.
            var capped = developer.request("POST", extend, null);
            assertThat(capped.status()).as(capped.body()).isEqualTo(201);
            assertThat(instant(capped.json().get("debug_hold").get("ends_at")))
                    .isEqualTo(started.plus(Duration.ofMinutes(15)));
            var atMaximum = developer.request("POST", extend, null);
            assertThat(atMaximum.status()).as(atMaximum.body()).isEqualTo(409);
            assertThat(atMaximum.body()).contains("15m0s");
            assertThat(api.job(project.id(), jobId)
                            .get("debug_hold")
                            .get("extensions")
                            .asInt())
                    .isEqualTo(1);

            assertThat(developer.request("POST", release, null).status()).isEqualTo(201);
        } finally {
            api.ok("PUT", "/application/settings", Map.of("porthole_debug_hold_maximum_seconds", maximumBefore));
        }
        JsonNode failed = api.awaitJob(project.id(), jobId, "failed", Duration.ofSeconds(60));
        assertThat(failed.get("exit_code").asInt()).isEqualTo(5);
        // Once the hold is over there is nothing to extend or release.
        assertThat(api.request("POST", extend, null).status()).isEqualTo(404);
        assertThat(api.request("POST", release, null).status()).isEqualTo(404);
    }
}
