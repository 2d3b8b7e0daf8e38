package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porthole.protocol.terminal.TerminalStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Terminals end to end: a server and a runner with a session server, as processes; a command-line client
 * connecting through the server's {@code terminal.ws} with a token, into a real login shell of a running job.
 */
class TerminalSessionIT {
    private static final List<String> OURS_FIRST = List.of("v1.terminal.porthole.dev", "terminal.gitlab.com");
    private static Environment env;
    private static Api api;

    @BeforeAll
    static void serverAndRunnerWithSessionServer() {
        env = Environment.startWithTerminals("terminals", 1800);
        api = env.api();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.stop();
        }
    }

    private static String socketUrl(JsonNode job) {
        return env.server().url().replaceFirst("^http", "ws")
                + job.get("terminal_path").asString() + ".ws";
    }

    private static JsonNode runningJobWithTerminal(Api.PushedProject project) {
        long jobId = project.firstJob(api);
        api.awaitJob(project.id(), jobId, "running", Duration.ofSeconds(60));
        await("the job offers a terminal")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !api.job(project.id(), jobId).get("terminal_path").isNull());
        return api.job(project.id(), jobId);
    }

    @Test
    void theOwnerGetsALoginShellInTheJobsBuildDirectoryWithItsVariablesAndItsSizeFollows() {
        var project = api.pushNewProject("""
                job:
                  tags: [e2e]
                  variables:
                    GREETING: hello from the job
                  script:
                    - echo ready
                    - sleep 600
                """);
        JsonNode job = runningJobWithTerminal(project);
        long jobId = job.get("id").asLong();
        assertThat(job.get("terminal_path").asString())
                .isEqualTo("/" + project.path() + "/-/jobs/" + jobId + "/terminal");

        try (var terminal = TerminalClient.connect(
                socketUrl(job) + "?cols=100&rows=30", Map.of("PRIVATE-TOKEN", api.token()), OURS_FIRST)) {
            assertThat(terminal.subprotocol()).isEqualTo("v1.terminal.porthole.dev");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> terminal.statuses().stream().anyMatch(s -> s instanceof TerminalStatus.Hello));
            terminal.type("echo \"[$GREETING] job=$CI_JOB_ID\"; pwd; stty size\r");
            terminal.awaitOutput("[hello from the job] job=" + jobId, Duration.ofSeconds(30));
            String screen = terminal.awaitOutput("30 100", Duration.ofSeconds(10));
            assertThat(screen).contains("/builds/");

            terminal.resize(120, 40);
            terminal.type("stty size\r");
            terminal.awaitOutput("40 120", Duration.ofSeconds(10));
        }

        // GitLab's own subprotocol still works: raw bytes, no resize.
        try (var raw = TerminalClient.connect(
                socketUrl(job), Map.of("PRIVATE-TOKEN", api.token()), List.of("terminal.gitlab.com"))) {
            assertThat(raw.subprotocol()).isEqualTo("terminal.gitlab.com");
            raw.type("echo raw-$((6*7))\r");
            raw.awaitOutput("raw-42", Duration.ofSeconds(30));
        }

        // Only the user who started the job: a developer of the project may not, nor may anyone anonymous.
        String name = "dev" + UUID.randomUUID().toString().substring(0, 8);
        long developer = api.createUser(name, "password-" + name, false);
        api.post("/projects/" + project.id() + "/members", Map.of("user_id", developer, "access_level", 30));
        String developerToken = api.post(
                        "/users/" + developer + "/personal_access_tokens",
                        Map.of("name", "t", "scopes", List.of("api")))
                .get("token")
                .asString();
        assertThat(TerminalClient.refusal(socketUrl(job), Map.of("PRIVATE-TOKEN", developerToken), OURS_FIRST)
                        .status())
                .isEqualTo(403);
        assertThat(TerminalClient.refusal(socketUrl(job), Map.of(), OURS_FIRST).status())
                .isEqualTo(401);

        api.post("/projects/" + project.id() + "/jobs/" + jobId + "/cancel", null);
        api.awaitJob(project.id(), jobId, "canceled", Duration.ofSeconds(60));
        assertThat(api.job(project.id(), jobId).get("terminal_path").isNull()).isTrue();
        assertThat(TerminalClient.refusal(socketUrl(job), Map.of("PRIVATE-TOKEN", api.token()), OURS_FIRST)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aJobWaitsForItsConnectedTerminalAfterTheScriptAndEndsWhenTheShellExits() {
        var project = api.pushNewProject("""
                job:
                  tags: [e2e]
                  script:
                    - echo waiting for a terminal
                    - while [ ! -f terminal-was-here ]; do sleep 0.2; done
                    - echo the script is done
                """);
        JsonNode job = runningJobWithTerminal(project);
        long jobId = job.get("id").asLong();

        try (var terminal = TerminalClient.connect(socketUrl(job), Map.of("PRIVATE-TOKEN", api.token()), OURS_FIRST)) {
            terminal.type("touch terminal-was-here\r");
            api.awaitTrace(project.id(), jobId, "Terminal is connected, will time out in", Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> terminal.statuses().stream()
                            .anyMatch(s -> s instanceof TerminalStatus.JobFinished finished
                                    && finished.result().equals("success")));
            assertThat(api.job(project.id(), jobId).get("status").asString()).isEqualTo("running");

            terminal.type("exit 3\r");
            await().atMost(Duration.ofSeconds(30)).until(() -> terminal.closed().isDone());
            assertThat(terminal.statuses()).contains(new TerminalStatus.Exited(3));
        }
        api.awaitJob(project.id(), jobId, "success", Duration.ofSeconds(60));
        assertThat(api.trace(project.id(), jobId)).contains("Terminal disconnected");
    }
}
