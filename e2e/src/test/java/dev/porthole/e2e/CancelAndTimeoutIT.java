package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Stopping jobs: a user's cancel and the job's own timeout both end the job and every process it started. */
class CancelAndTimeoutIT extends OnSharedEnvironment {

    private static long[] start(String yaml) {
        Api.PushedProject pushed = api.pushNewProject(yaml);
        return new long[] {pushed.id(), pushed.pipeline(), pushed.firstJob(api)};
    }

    private static boolean alive(Path pidFile) throws Exception {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void aCanceledJobStopsItsProcessesRunsAfterScriptAndEndsCanceled() throws Exception {
        Path pid = Files.createTempFile("porthole-cancel", ".pid");
        long[] ids = start("""
                long:
                  script:
                    - sleep 300 & echo $! > %s
                    - echo "started"
                    - wait
                  after_script:
                    - echo "cleaning up after $CI_JOB_STATUS"
                """.formatted(pid));
        api.awaitTrace(ids[0], ids[2], "started", Duration.ofSeconds(60));
        assertThat(alive(pid)).isTrue();

        JsonNode canceling = api.post("/projects/" + ids[0] + "/jobs/" + ids[2] + "/cancel", null);
        assertThat(canceling.get("status").asString()).isIn("canceling", "canceled");
        api.awaitJob(ids[0], ids[2], "canceled", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> !alive(pid));
        assertThat(api.pipeline(ids[0], ids[1]).get("status").asString()).isEqualTo("canceled");
        assertThat(api.trace(ids[0], ids[2]))
                .contains("The job was canceled")
                .contains("cleaning up after canceled")
                .contains("Job failed: canceled");
    }

    @Test
    void aJobThatRunsPastItsTimeoutFailsWithTheReason() throws Exception {
        Path pid = Files.createTempFile("porthole-timeout", ".pid");
        long[] ids = start("""
                slow:
                  timeout: 3s
                  script:
                    - sleep 300 & echo $! > %s
                    - wait
                """.formatted(pid));
        JsonNode job = api.awaitJob(ids[0], ids[2], "failed", Duration.ofSeconds(60));
        assertThat(job.get("failure_reason").asString()).isEqualTo("job_execution_timeout");
        assertThat(api.trace(ids[0], ids[2])).contains("ERROR: Job failed: execution took longer than 3s seconds");
        await().atMost(Duration.ofSeconds(10)).until(() -> !alive(pid));
    }
}
