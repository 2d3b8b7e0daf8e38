package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SIGTERM to a runner: it takes no new job, lets running ones finish within {@code shutdown_timeout}, then fails
 * those still running with a line in their logs, and exits.
 */
class RunnerShutdownIT {
    private static ServerProcess server;
    private static Api api;

    @BeforeAll
    static void start() {
        server = new ServerProcess("shutdown", ServerProcess.createDirectory("porthole-shutdown"))
                .with("porthole.runner-api.trace-update-interval", "1s")
                .start();
        api = server.rootApi();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static long[] push(String yaml) {
        Api.PushedProject pushed = api.pushNewProject(yaml);
        return new long[] {pushed.id(), pushed.pipeline()};
    }

    @Test
    void runningJobsGetTheGracePeriodThenFailWithALineAndNoNewJobIsTaken() throws Exception {
        RunnerProcess runner = RunnerProcess.register("shutdown", server.url(), api.createRunner("s", List.of()), 2);
        Files.writeString(
                runner.config(),
                Files.readString(runner.config()).replace("shutdown_timeout = 0", "shutdown_timeout = 4"));
        runner.start();
        long[] quick = push("quick:\n  script:\n    - echo started\n    - sleep 2\n    - echo finished in time\n");
        long[] slow = push("slow:\n  script:\n    - echo started\n    - sleep 300\n");
        long quickJob = api.jobs(quick[0], quick[1]).get(0).get("id").asLong();
        long slowJob = api.jobs(slow[0], slow[1]).get(0).get("id").asLong();
        api.awaitTrace(quick[0], quickJob, "started", Duration.ofSeconds(60));
        api.awaitTrace(slow[0], slowJob, "started", Duration.ofSeconds(60));

        int exit = runner.stop(Duration.ofSeconds(60));
        long[] late = push("late:\n  script: echo should not run here\n");

        assertThat(exit).isZero();
        assertThat(api.job(quick[0], quickJob).get("status").asString()).isEqualTo("success");
        assertThat(api.trace(quick[0], quickJob)).contains("finished in time");
        JsonNode failed = api.job(slow[0], slowJob);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("failure_reason").asString()).isEqualTo("runner_system_failure");
        assertThat(api.trace(slow[0], slowJob)).contains("Job failed (system failure): the runner is shutting down");
        assertThat(api.jobs(late[0], late[1]).get(0).get("status").asString()).isEqualTo("pending");
        assertThat(Files.readString(runner.log())).contains("stopping: no new jobs");
    }
}
