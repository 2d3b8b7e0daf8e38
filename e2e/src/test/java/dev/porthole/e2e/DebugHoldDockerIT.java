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
 * Debug holds on the docker executor, with a real Docker engine: the failed job's container stays as the script left
 * it, with its user, until the hold ends; then after_script runs in it and it is removed.
 */
class DebugHoldDockerIT {
    private static final List<String> OURS = List.of("v1.terminal.porthole.dev");
    private static Environment env;
    private static Api api;

    @BeforeAll
    static void serverAndDockerRunner() {
        env = Environment.startWithDockerTerminals("debug-hold-docker", 1800);
        api = env.api();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.stop();
        }
    }

    private static Api.PushedProject failingJobAsBuilder() {
        return api.pushNewProject("""
                job:
                  tags: [e2e]
                  image:
                    name: %s
                    docker:
                      user: builder
                  variables:
                    PORTHOLE_DEBUG_HOLD: 10m
                  script:
                    - echo "broken for $(id -un)" > state.txt
                    - exit 3
                  after_script:
                    - echo "after_script found $(cat state.txt | tr '\\n' ' ')"
                """.formatted(DockerHost.BASH_IMAGE));
    }

    private static String label(long jobId) {
        return "dev.porthole.job.id=" + jobId;
    }

    /** Nothing of the job is left in the engine: containers, networks, volumes. */
    private static void awaitNothingLeftOf(long jobId) {
        await("job " + jobId + "'s containers, networks and volumes are removed")
                .atMost(Duration.ofSeconds(60))
                .until(() -> DockerHost.containers(label(jobId)).isEmpty()
                        && DockerHost.networks(label(jobId)).isEmpty()
                        && DockerHost.volumes(label(jobId)).isEmpty());
    }

    @Test
    void theHeldJobsContainerKeepsTheLeftoversForTheTerminalAndGoesWhenReleased() {
        var project = failingJobAsBuilder();
        JsonNode job = DebugHoldIT.heldJob(api, project, Duration.ofSeconds(180));
        long jobId = job.get("id").asLong();
        api.awaitTrace(
                project.id(), jobId, "Job failed (exit code 3); held for debugging for 10m0s", Duration.ofSeconds(30));
        List<String> containers = DockerHost.containers(label(jobId));
        assertThat(containers).isNotEmpty();

        try (var terminal = TerminalClient.connect(
                TerminalSessionIT.socketUrl(env, job), Map.of("PRIVATE-TOKEN", api.token()), OURS)) {
            terminal.type("echo \"[$(cat state.txt)] user=$(id -un) dir=$(pwd)\"; echo by-hand >> state.txt\r");
            terminal.awaitOutput(
                    "[broken for builder] user=builder dir=/builds/" + project.path(), Duration.ofSeconds(30));
            // The same file, seen from outside: the terminal runs in the job's own container.
            await("the terminal's change in the container")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> containers.stream()
                            .anyMatch(c -> DockerHost.exec(c, "cat", "/builds/" + project.path() + "/state.txt")
                                    .contains("by-hand")));

            api.post("/projects/" + project.id() + "/jobs/" + jobId + "/hold/release", null);
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
        assertThat(failed.get("debug_hold").get("status").asString()).isEqualTo("released");
        String log = api.trace(project.id(), jobId);
        assertThat(log)
                .contains("The debug hold was released")
                .contains("after_script found broken for builder by-hand");
        assertThat(log.indexOf("The debug hold was released"))
                .isLessThan(log.indexOf("after_script found broken for builder by-hand"));
        awaitNothingLeftOf(jobId);
    }

    @Test
    void cancelingAHeldJobEndsItCanceledAndRemovesItsContainer() {
        var project = failingJobAsBuilder();
        JsonNode job = DebugHoldIT.heldJob(api, project, Duration.ofSeconds(180));
        long jobId = job.get("id").asLong();
        assertThat(DockerHost.containers(label(jobId))).isNotEmpty();

        api.post("/projects/" + project.id() + "/jobs/" + jobId + "/cancel", null);

        JsonNode canceled = api.awaitJob(project.id(), jobId, "canceled", Duration.ofSeconds(60));
        assertThat(canceled.get("debug_hold").get("status").asString()).isEqualTo("ended");
        assertThat(api.trace(project.id(), jobId))
                .contains("The job was canceled; stopping it")
                .contains("Job failed: canceled")
                .doesNotContain("Job failed: exit code");
        assertThat(api.request("POST", "/projects/" + project.id() + "/jobs/" + jobId + "/hold/release", null)
                        .status())
                .isEqualTo(404);
        awaitNothingLeftOf(jobId);
    }
}
