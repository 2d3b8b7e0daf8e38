package dev.porthole.server.pipeline;

import static dev.porthole.server.pipeline.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.ciconfig.When;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageProgressionTest {

    @Test
    void theFirstStageStartsAndLaterStagesWait() {
        Job build = job(1, JobStatus.CREATED);
        Job test = job(2, JobStatus.CREATED);
        assertThat(StageProgression.decide(List.of(build, test)))
                .containsExactly(Map.entry(build.id(), JobStatus.PENDING));
    }

    @Test
    void aStageStartsWhenEveryJobBeforeItSucceeded() {
        Job build = job(1, JobStatus.SUCCESS);
        Job other = job(1, JobStatus.RUNNING);
        Job test = job(2, JobStatus.CREATED);
        assertThat(StageProgression.decide(List.of(build, other, test))).isEmpty();
        Job done = job(1, JobStatus.SUCCESS);
        assertThat(StageProgression.decide(List.of(build, done, test))).containsEntry(test.id(), JobStatus.PENDING);
    }

    @Test
    void afterAFailureOnlyFailureAndAlwaysJobsRun() {
        Job build = job(1, JobStatus.FAILED);
        Job deploy = job(2, JobStatus.CREATED);
        Job cleanup = job(2, JobStatus.CREATED, When.ON_FAILURE, false);
        Job report = job(2, JobStatus.CREATED, When.ALWAYS, false);
        Job release = job(2, JobStatus.CREATED, When.MANUAL, true);
        assertThat(StageProgression.decide(List.of(build, deploy, cleanup, report, release)))
                .containsEntry(deploy.id(), JobStatus.SKIPPED)
                .containsEntry(cleanup.id(), JobStatus.PENDING)
                .containsEntry(report.id(), JobStatus.PENDING)
                .containsEntry(release.id(), JobStatus.SKIPPED);
    }

    @Test
    void aFailureThatIsAllowedCountsAsSuccess() {
        Job lint = job(1, JobStatus.FAILED, When.ON_SUCCESS, true);
        Job cleanup = job(2, JobStatus.CREATED, When.ON_FAILURE, false);
        Job deploy = job(2, JobStatus.CREATED);
        assertThat(StageProgression.decide(List.of(lint, cleanup, deploy)))
                .containsEntry(deploy.id(), JobStatus.PENDING)
                .containsEntry(cleanup.id(), JobStatus.SKIPPED);
    }

    @Test
    void skippedStagesFallThroughInOneDecision() {
        Job build = job(1, JobStatus.FAILED);
        Job test = job(2, JobStatus.CREATED);
        Job deploy = job(3, JobStatus.CREATED);
        Job notify = job(4, JobStatus.CREATED, When.ON_FAILURE, false);
        assertThat(StageProgression.decide(List.of(build, test, deploy, notify)))
                .containsEntry(test.id(), JobStatus.SKIPPED)
                .containsEntry(deploy.id(), JobStatus.SKIPPED)
                .containsEntry(notify.id(), JobStatus.PENDING);
    }

    @Test
    void aBlockingManualJobHoldsLaterStages() {
        Job gate = job(1, JobStatus.CREATED, When.MANUAL, false);
        Job deploy = job(2, JobStatus.CREATED);
        assertThat(StageProgression.decide(List.of(gate, deploy)))
                .containsExactly(Map.entry(gate.id(), JobStatus.MANUAL));

        Job optional = job(1, JobStatus.CREATED, When.MANUAL, true);
        Job next = job(2, JobStatus.CREATED);
        assertThat(StageProgression.decide(List.of(optional, next)))
                .containsEntry(optional.id(), JobStatus.MANUAL)
                .containsEntry(next.id(), JobStatus.PENDING);
    }

    @Test
    void retriedAttemptsDoNotCount() {
        Job failedBefore = Jobs.retried(job(1, JobStatus.FAILED));
        Job retry = job(1, JobStatus.SUCCESS);
        Job test = job(2, JobStatus.CREATED);
        assertThat(StageProgression.decide(List.of(failedBefore, retry, test)))
                .containsEntry(test.id(), JobStatus.PENDING);
    }

    @Test
    void aCanceledJobCountsAsAFailure() {
        Job build = job(1, JobStatus.CANCELED);
        Job test = job(2, JobStatus.CREATED);
        Job cleanup = job(2, JobStatus.CREATED, When.ON_FAILURE, false);
        assertThat(StageProgression.decide(List.of(build, test, cleanup)))
                .containsEntry(test.id(), JobStatus.SKIPPED)
                .containsEntry(cleanup.id(), JobStatus.PENDING);
    }
}
