package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
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
        JsonNode project = api.createProject("k-" + UUID.randomUUID().toString().substring(0, 8));
        long id = project.get("id").asLong();
        var tree = GitWorkTree.init(
                env.server().url(), project.get("path_with_namespace").asString(), "root", ServerProcess.ROOT_TOKEN);
        tree.write(".gitlab-ci.yml", "job:\n  script:\n    - echo working\n    - sleep 300\n")
                .commit("pipeline");
        tree.push();
        long pipeline = api.awaitNewPipeline(id, 0, Duration.ofSeconds(30));
        long job = api.jobs(id, pipeline).get(0).get("id").asLong();
        api.awaitTrace(id, job, "working", Duration.ofSeconds(60));

        env.runner().kill();

        JsonNode failed = api.awaitJob(id, job, "failed", Duration.ofSeconds(30));
        assertThat(failed.get("failure_reason").asString()).isEqualTo("runner_system_failure");
        assertThat(api.trace(id, job)).contains("working").contains("its runner sent no update for 6s");
        assertThat(api.pipeline(id, pipeline).get("status").asString()).isEqualTo("failed");
    }
}
