package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porthole.protocol.terminal.TerminalStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The docker executor end to end: a server and a docker-executor runner with a session server, as processes, a real
 * Docker engine and images built locally; terminals through the server's {@code terminal.ws} into the job's
 * container.
 */
class DockerTerminalIT {
    private static final List<String> OURS_FIRST = List.of("v1.terminal.porthole.dev", "terminal.gitlab.com");
    private static Environment env;
    private static Api api;

    @BeforeAll
    static void serverAndDockerRunner() {
        env = Environment.startWithDockerTerminals("docker-terminals", 1800);
        api = env.api();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.stop();
        }
    }

    private static String socketUrl(JsonNode job) {
        return TerminalSessionIT.socketUrl(env, job);
    }

    /** Like {@link TerminalSessionIT#runningJobWithTerminal}, saying why Debug is missing when it stays missing. */
    private static JsonNode runningJobWithTerminal(Api.PushedProject project) {
        long jobId = project.firstJob(api);
        api.awaitJob(project.id(), jobId, "running", Duration.ofSeconds(120));
        await("the job offers a terminal")
                .atMost(Duration.ofSeconds(60))
                .failFast(() -> {
                    JsonNode job = api.job(project.id(), jobId);
                    if (job.get("terminal_path").isNull()
                            && !job.path("terminal_unavailable_reason").isMissingNode()
                            && !job.path("terminal_unavailable_reason").isNull()) {
                        throw new AssertionError("no terminal: " + job.get("terminal_unavailable_reason"));
                    }
                    if (!job.get("status").asString().equals("running")) {
                        throw new AssertionError(
                                "the job is " + job.get("status") + ":\n" + api.trace(project.id(), jobId));
                    }
                })
                .until(() -> !api.job(project.id(), jobId).get("terminal_path").isNull());
        return api.job(project.id(), jobId);
    }

    /** The job's container, once the runner has started it (the session is offered before). */
    private static String containerOf(long jobId) {
        String label = "dev.porthole.job.id=" + jobId;
        await("job " + jobId + "'s container")
                .atMost(Duration.ofSeconds(60))
                .until(() -> !DockerHost.containers(label).isEmpty());
        return DockerHost.containers(label).getFirst();
    }

    /** Nothing of the job is left in the engine: containers, networks, volumes. */
    private static void awaitNothingLeftOf(long jobId) {
        String label = "dev.porthole.job.id=" + jobId;
        await("job " + jobId + "'s containers and networks are removed")
                .atMost(Duration.ofSeconds(60))
                .until(() -> DockerHost.containers(label).isEmpty()
                        && DockerHost.networks(label).isEmpty()
                        && DockerHost.volumes(label).isEmpty());
    }

    @Test
    void theTerminalOpensInTheJobsContainerOutlivesTheScriptAndTheJobWaitsForIt() {
        var project = api.pushNewProject("""
                job:
                  tags: [e2e]
                  image:
                    name: %s
                    docker:
                      user: builder
                  variables:
                    GREETING: hello from the job
                  script:
                    - echo "script runs as $(id -un) in $(pwd)"
                    - while [ ! -f terminal-was-here ]; do sleep 0.2; done
                    - echo the script is done
                """.formatted(DockerHost.BASH_IMAGE));
        JsonNode job = runningJobWithTerminal(project);
        long jobId = job.get("id").asLong();
        String container = containerOf(jobId);

        try (var terminal = TerminalClient.connect(
                socketUrl(job) + "?cols=100&rows=30", Map.of("PRIVATE-TOKEN", api.token()), OURS_FIRST)) {
            assertThat(terminal.subprotocol()).isEqualTo("v1.terminal.porthole.dev");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> terminal.statuses().stream().anyMatch(s -> s instanceof TerminalStatus.Hello));
            // The container's filesystem (busybox, no /usr/bin/apt), its user, the job's variables and directory.
            terminal.type("echo \"[$GREETING] user=$(id -un) job=$CI_JOB_ID dir=$(pwd)"
                    + " busybox=$(ls /bin/busybox) apt=$(ls /usr/bin/apt 2>/dev/null | wc -l)\"; stty size\r");
            terminal.awaitOutput(
                    "[hello from the job] user=builder job=" + jobId + " dir=/builds/" + project.path()
                            + " busybox=/bin/busybox apt=0",
                    Duration.ofSeconds(30));
            terminal.awaitOutput("30 100", Duration.ofSeconds(10));
            terminal.resize(120, 40);
            terminal.type("stty size\r");
            terminal.awaitOutput("40 120", Duration.ofSeconds(10));

            // The script ends; the job waits for the connected terminal, which keeps working.
            terminal.type("sleep 905 & touch terminal-was-here && echo touched-$((2*3))\r");
            terminal.awaitOutput("touched-6", Duration.ofSeconds(30));
            assertThat(DockerHost.exec(container, "ls", "/builds/" + project.path()))
                    .as("the file the script waits for, in the job's container")
                    .contains("terminal-was-here");
            api.awaitTrace(project.id(), jobId, "Terminal is connected, will time out in", Duration.ofSeconds(60));
            assertThat(api.trace(project.id(), jobId))
                    .contains("script runs as builder in /builds/" + project.path())
                    .contains("the script is done");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> terminal.statuses().stream()
                            .anyMatch(s -> s instanceof TerminalStatus.JobFinished finished
                                    && finished.result().equals("success")));
            terminal.type("echo after-the-script-$((6*7))\r");
            terminal.awaitOutput("after-the-script-42", Duration.ofSeconds(30));
            assertThat(api.job(project.id(), jobId).get("status").asString()).isEqualTo("running");
            assertThat(DockerHost.exec(container, "ps", "-o", "args")).contains("sleep 905");
        }
        // The connection ended: the job ends, and its container (with the shell and its sleep) goes.
        api.awaitJob(project.id(), jobId, "success", Duration.ofSeconds(60));
        assertThat(api.trace(project.id(), jobId)).contains("Terminal disconnected");
        awaitNothingLeftOf(jobId);
    }

    @Test
    void aTerminalConnectionThatEndsKillsItsShellInTheContainer() {
        var project = TerminalSessionIT.sleepingJob(api);
        JsonNode job = runningJobWithTerminal(project);
        long jobId = job.get("id").asLong();
        String container = containerOf(jobId);
        try (var terminal = TerminalClient.connect(socketUrl(job), Map.of("PRIVATE-TOKEN", api.token()), OURS_FIRST)) {
            terminal.type("sleep 906 & echo started-$((1+1))\r");
            terminal.awaitOutput("started-2", Duration.ofSeconds(30));
            assertThat(DockerHost.exec(container, "ps", "-o", "args")).contains("sleep 906");
        }
        await("the terminal's processes end with its connection")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !DockerHost.exec(container, "ps", "-o", "args").contains("sleep 906"));
        // The job's own script goes on.
        assertThat(DockerHost.exec(container, "ps", "-o", "args")).contains("sleep 600");

        // Canceling the job closes a connected terminal and removes the container.
        var open = TerminalClient.connect(socketUrl(job), Map.of("PRIVATE-TOKEN", api.token()), OURS_FIRST);
        api.post("/projects/" + project.id() + "/jobs/" + jobId + "/cancel", null);
        assertThat(open.closed().orTimeout(60, TimeUnit.SECONDS).join()).isNotBlank();
        api.awaitJob(project.id(), jobId, "canceled", Duration.ofSeconds(60));
        awaitNothingLeftOf(jobId);
    }

    @Test
    void servicesFromTheYamlAreReachableByAliasWithTheirVariablesAndGoWithTheJob() {
        var project = api.pushNewProject("""
                job:
                  tags: [e2e]
                  services:
                    - name: porthole-test/busybox-port:1
                      alias: greeter
                      command: ["sh", "-c", "while :; do echo \\"hello from $SERVICE_WORD\\" | nc -l -p 7000; done"]
                      variables:
                        SERVICE_WORD: the service
                  script:
                    - >-
                      for i in $(seq 1 50); do out=$(nc greeter 7000 </dev/null || true);
                      if [ -n "$out" ]; then echo "greeter says: $out"; exit 0; fi; sleep 0.2; done; exit 1
                """);
        long jobId = project.firstJob(api);
        api.awaitJob(project.id(), jobId, "success", Duration.ofSeconds(120));
        assertThat(api.trace(project.id(), jobId))
                .contains("Waiting for services to be up and running")
                .contains("greeter says: hello from the service")
                .doesNotContain("is probably not running");
        awaitNothingLeftOf(jobId);
    }

    @Test
    void aFailingJobInTheRunnersDefaultImageLeavesNothingBehind() {
        var project = api.pushNewProject("""
                job:
                  tags: [e2e]
                  script:
                    - echo "shell is $0"
                    - exit 3
                  after_script:
                    - echo "after_script sees $CI_JOB_STATUS"
                """);
        long jobId = project.firstJob(api);
        api.awaitJob(project.id(), jobId, "failed", Duration.ofSeconds(120));
        assertThat(api.trace(project.id(), jobId))
                .contains("Using Docker executor with image " + DockerHost.BUSYBOX_IMAGE)
                .contains("shell is /bin/sh")
                .contains("after_script sees failed")
                .contains("exit code 3");
        awaitNothingLeftOf(jobId);
    }

    @Test
    void aJobThatTimesOutIsKilledAndLeavesNothingBehind() {
        var project = api.pushNewProject("""
                job:
                  tags: [e2e]
                  timeout: 4s
                  script:
                    - sleep 907
                """);
        long jobId = project.firstJob(api);
        api.awaitJob(project.id(), jobId, "failed", Duration.ofSeconds(120));
        assertThat(api.job(project.id(), jobId).get("failure_reason").asString())
                .isEqualTo("job_execution_timeout");
        awaitNothingLeftOf(jobId);
    }

    @Test
    void aRunnerKilledMidJobRemovesWhatTheJobLeftWhenItStartsAgain() {
        var project = TerminalSessionIT.sleepingJob(api);
        long jobId = project.firstJob(api);
        api.awaitJob(project.id(), jobId, "running", Duration.ofSeconds(120));
        String label = "dev.porthole.job.id=" + jobId;
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !DockerHost.containers(label).isEmpty());
        env.runner().kill();
        assertThat(DockerHost.containers(label)).isNotEmpty();
        env.runner().start();
        awaitNothingLeftOf(jobId);
    }

    @Test
    void anImageThatIsNotThereFailsTheJobSayingWhichAndWhy() {
        var project = api.pushNewProject("""
                job:
                  tags: [e2e]
                  image: porthole-test/not-built:1
                  script:
                    - echo never
                """);
        long jobId = project.firstJob(api);
        api.awaitJob(project.id(), jobId, "failed", Duration.ofSeconds(120));
        assertThat(api.trace(project.id(), jobId)).contains("failed to get the image \"porthole-test/not-built:1\"");
        awaitNothingLeftOf(jobId);
    }
}
