package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A runner that dies mid-job (SIGKILL: no goodbye) leaves a job that the server fails as a system failure once the
 * runner has been silent longer than the bound ({@code porthole.jobs.runner-contact-timeout}, 6 s here).
 */
class RunnerFailureIT {
    private static Environment env;

    @BeforeAll
    static void start() {
        env = Environment.start("runner-failure", 1, Duration.ofSeconds(6));
    }

    @AfterAll
    static void stop() {
        env.stop();
    }

    @Test
    void aKilledRunnersJobFailsAsARunnerSystemFailureWithinTheBound() {
        Api api = env.api();
        var pushed = api.pushNewProject("job:\n  script:\n    - echo working\n    - sleep 300\n");
        long id = pushed.id();
        long pipeline = pushed.pipeline();
        long job = pushed.firstJob(api);
        api.awaitTrace(id, job, "working", Duration.ofSeconds(60));

        env.runner().kill();

        JsonNode failed = api.awaitJob(id, job, "failed", Duration.ofSeconds(30));
        assertThat(failed.get("failure_reason").asString()).isEqualTo("runner_system_failure");
        assertThat(api.trace(id, job)).contains("working").contains("its runner sent no update for 6s");
        assertThat(api.pipeline(id, pipeline).get("status").asString()).isEqualTo("failed");
    }
}
