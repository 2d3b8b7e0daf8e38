package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porthole.protocol.terminal.TerminalStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private final Map<String, Long> users = new HashMap<>();

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

    static String socketUrl(Environment env, JsonNode job) {
        return env.server().url().replaceFirst("^http", "ws")
                + job.get("terminal_path").asString() + ".ws";
    }

    private static String socketUrl(JsonNode job) {
        return socketUrl(env, job);
    }

    static JsonNode runningJobWithTerminal(Api api, Api.PushedProject project) {
        long jobId = project.firstJob(api);
        api.awaitJob(project.id(), jobId, "running", Duration.ofSeconds(60));
        await("the job offers a terminal")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !api.job(project.id(), jobId).get("terminal_path").isNull());
        return api.job(project.id(), jobId);
    }

    private static JsonNode runningJobWithTerminal(Api.PushedProject project) {
        return runningJobWithTerminal(api, project);
    }

    static Api.PushedProject sleepingJob(Api api) {
        return api.pushNewProject("""
                job:
                  tags: [e2e]
                  variables:
                    GREETING: hello from the job
                  script:
                    - echo ready
                    - sleep 600
                """);
    }

    /** A new user's api token; {@link #idOf} gives the user's id. */
    private String userWithToken() {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        long id = api.createUser(name, "password-" + name, false);
        String token = api.tokenFor(id);
        users.put(token, id);
        return token;
    }

    private long idOf(String token) {
        return users.get(token);
    }

    @Test
    void theOwnerGetsALoginShellInTheJobsBuildDirectoryWithItsVariablesAndItsSizeFollows() {
        var project = sleepingJob(api);
        JsonNode job = runningJobWithTerminal(project);
        long jobId = job.get("id").asLong();
        assertThat(job.get("terminal_path").asString())
                .isEqualTo("/" + project.path() + "/-/jobs/" + jobId + "/terminal");
        long shell;
        long child;

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

            terminal.type("sleep 900 & echo \"shell=$$ child=$!\"\r");
            Matcher pids = Pattern.compile("shell=(\\d+) child=(\\d+)")
                    .matcher(terminal.awaitOutput("child=", Duration.ofSeconds(10)));
            assertThat(pids.find()).isTrue();
            shell = Long.parseLong(pids.group(1));
            child = Long.parseLong(pids.group(2));
            assertThat(ProcessHandle.of(shell)).isPresent();
        }
        // When the connection ends, the shell and everything it started go.
        await("the terminal's processes end")
                .atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(shell).isEmpty()
                        && ProcessHandle.of(child).isEmpty());

        // GitLab's own subprotocol still works: raw bytes, no resize.
        try (var raw = TerminalClient.connect(
                socketUrl(job), Map.of("PRIVATE-TOKEN", api.token()), List.of("terminal.gitlab.com"))) {
            assertThat(raw.subprotocol()).isEqualTo("terminal.gitlab.com");
            raw.type("echo raw-$((6*7))\r");
            raw.awaitOutput("raw-42", Duration.ofSeconds(30));
        }

        // Only the user who started the job: not a maintainer of the project, not a stranger, not anonymous.
        String maintainer = userWithToken();
        api.post("/projects/" + project.id() + "/members", Map.of("user_id", idOf(maintainer), "access_level", 40));
        assertThat(TerminalClient.refusal(socketUrl(job), Map.of("PRIVATE-TOKEN", maintainer), OURS_FIRST)
                        .status())
                .isEqualTo(403);
        assertThat(TerminalClient.refusal(socketUrl(job), Map.of("PRIVATE-TOKEN", userWithToken()), OURS_FIRST)
                        .status())
                .isEqualTo(404);
        assertThat(TerminalClient.refusal(socketUrl(job), Map.of(), OURS_FIRST).status())
                .isEqualTo(401);

        // Canceling the job closes its terminal, with a reason.
        var open = TerminalClient.connect(socketUrl(job), Map.of("PRIVATE-TOKEN", api.token()), OURS_FIRST);
        api.post("/projects/" + project.id() + "/jobs/" + jobId + "/cancel", null);
        assertThat(open.closed().orTimeout(60, TimeUnit.SECONDS).join()).isNotBlank();
        api.awaitJob(project.id(), jobId, "canceled", Duration.ofSeconds(60));
        assertThat(api.job(project.id(), jobId).get("terminal_path").isNull()).isTrue();
        assertThat(TerminalClient.refusal(socketUrl(job), Map.of("PRIVATE-TOKEN", api.token()), OURS_FIRST)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aClientThatStopsAcknowledgingStopsTheOutputAndLosesNothing() {
        var project = sleepingJob(api);
        JsonNode job = runningJobWithTerminal(project);
        try (var terminal = TerminalClient.connect(socketUrl(job), Map.of("PRIVATE-TOKEN", api.token()), OURS_FIRST)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> terminal.statuses().stream().anyMatch(s -> s instanceof TerminalStatus.Hello));
            long window = terminal.statuses().stream()
                    .filter(s -> s instanceof TerminalStatus.Hello)
                    .map(s -> ((TerminalStatus.Hello) s).window())
                    .findFirst()
                    .orElseThrow();
            terminal.pauseAcks();
            // Everything before the pause was acknowledged (the prompt, the motd): the window counts from there.
            long acknowledged = terminal.received();
            terminal.type("stty -echo; head -c 30000000 /dev/zero | tr '\\0' x; echo; echo FLOOD-DONE\r");
            // The runner stops at the window: what arrived unacknowledged stays at most one window, however long the
            // command.
            await().atMost(Duration.ofSeconds(30)).until(() -> terminal.received() - acknowledged > window / 2);
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> terminal.received() - acknowledged <= window);
            terminal.resumeAcks();
            terminal.awaitOutput("FLOOD-DONE", Duration.ofSeconds(120));
            assertThat(terminal.received()).isGreaterThanOrEqualTo(30_000_000L);
        }
        api.post("/projects/" + project.id() + "/jobs/" + job.get("id").asLong() + "/cancel", null);
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
