package dev.porthole.server.pipeline;

import static dev.porthole.server.pipeline.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.ciconfig.When;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineStatusRuleTest {

    @Test
    void nothingStartedIsPendingOrCreated() {
        assertThat(PipelineStatusRule.derive(List.of(job(1, JobStatus.PENDING), job(2, JobStatus.CREATED))))
                .isEqualTo(PipelineStatus.PENDING);
        assertThat(PipelineStatusRule.derive(List.of(job(1, JobStatus.CREATED))))
                .isEqualTo(PipelineStatus.CREATED);
    }

    @Test
    void anyJobOnARunnerMakesItRunning() {
        assertThat(PipelineStatusRule.derive(List.of(job(1, JobStatus.SUCCESS), job(2, JobStatus.RUNNING))))
                .isEqualTo(PipelineStatus.RUNNING);
        assertThat(PipelineStatusRule.derive(List.of(job(1, JobStatus.SUCCESS), job(2, JobStatus.PENDING))))
                .isEqualTo(PipelineStatus.RUNNING);
        assertThat(PipelineStatusRule.derive(List.of(job(1, JobStatus.CANCELING))))
                .isEqualTo(PipelineStatus.RUNNING);
    }

    @Test
    void aFailureFailsItUnlessAllowed() {
        assertThat(PipelineStatusRule.derive(List.of(job(1, JobStatus.SUCCESS), job(1, JobStatus.FAILED))))
                .isEqualTo(PipelineStatus.FAILED);
        assertThat(PipelineStatusRule.derive(
                        List.of(job(1, JobStatus.SUCCESS), job(1, JobStatus.FAILED, When.ON_SUCCESS, true))))
                .isEqualTo(PipelineStatus.SUCCESS);
    }

    @Test
    void cancellationAndSkipping() {
        assertThat(PipelineStatusRule.derive(List.of(job(1, JobStatus.SUCCESS), job(2, JobStatus.CANCELED))))
                .isEqualTo(PipelineStatus.CANCELED);
        assertThat(PipelineStatusRule.derive(List.of(job(1, JobStatus.SKIPPED))))
                .isEqualTo(PipelineStatus.SKIPPED);
    }

    @Test
    void aBlockingManualJobMakesItManual() {
        assertThat(PipelineStatusRule.derive(List.of(
                        job(1, JobStatus.SUCCESS),
                        job(2, JobStatus.MANUAL, When.MANUAL, false),
                        job(3, JobStatus.CREATED))))
                .isEqualTo(PipelineStatus.MANUAL);
        assertThat(PipelineStatusRule.derive(
                        List.of(job(1, JobStatus.SUCCESS), job(2, JobStatus.MANUAL, When.MANUAL, true))))
                .isEqualTo(PipelineStatus.SUCCESS);
    }

    @Test
    void retriedAttemptsDoNotCount() {
        assertThat(PipelineStatusRule.derive(
                        List.of(Jobs.retried(job(1, JobStatus.FAILED)), job(1, JobStatus.SUCCESS))))
                .isEqualTo(PipelineStatus.SUCCESS);
    }
}
