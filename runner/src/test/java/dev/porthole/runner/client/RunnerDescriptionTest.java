package dev.porthole.runner.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunnerDescriptionTest {
    @Test
    void terminalsAreAnnouncedOnlyWithASessionServer() {
        var without = RunnerDescription.forExecutor("shell");
        assertThat(without.features()).containsEntry("session", false).containsEntry("terminal", false);
        var with = RunnerDescription.forExecutor("shell", true);
        assertThat(with.features()).containsEntry("session", true).containsEntry("terminal", true);
        assertThat(with.features()).containsEntry("proxy", false).containsEntry("two_phase_job_commit", true);
    }

    @Test
    void onlyTheDockerExecutorAnnouncesImagesAndServices() {
        assertThat(RunnerDescription.forExecutor("docker", true).features())
                .containsEntry("image", true)
                .containsEntry("services", true)
                .containsEntry("terminal", true);
        assertThat(RunnerDescription.forExecutor("shell", true).features())
                .containsEntry("image", false)
                .containsEntry("services", false);
    }
}
