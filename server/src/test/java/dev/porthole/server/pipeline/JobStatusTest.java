package dev.porthole.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {
    @ParameterizedTest
    @EnumSource(
            value = JobStatus.class,
            names = {"SUCCESS", "FAILED", "CANCELED"})
    void finishedJobsNeverChangeAgain(JobStatus status) {
        for (JobStatus next : JobStatus.values()) {
            assertThat(status.canTransitionTo(next))
                    .as("%s -> %s", status, next)
                    .isFalse();
        }
    }

    @Test
    void aRunningJobFinishesOrIsCanceled() {
        assertThat(JobStatus.RUNNING.canTransitionTo(JobStatus.SUCCESS)).isTrue();
        assertThat(JobStatus.RUNNING.canTransitionTo(JobStatus.CANCELING)).isTrue();
        assertThat(JobStatus.RUNNING.canTransitionTo(JobStatus.PENDING)).isFalse();
        assertThat(JobStatus.CANCELING.canTransitionTo(JobStatus.SUCCESS)).isFalse();
        assertThat(JobStatus.PENDING.canTransitionTo(JobStatus.SUCCESS)).isFalse();
    }

    @Test
    void wireNamesAreGitLabs() {
        assertThat(JobStatus.fromWireName("canceling")).contains(JobStatus.CANCELING);
        assertThat(JobStatus.fromWireName("cancelled")).isEmpty();
    }
}
