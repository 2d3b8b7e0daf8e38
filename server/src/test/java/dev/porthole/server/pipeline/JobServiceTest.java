package dev.porthole.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porthole.server.account.UserStore;
import dev.porthole.server.ciconfig.CiConfig;
import dev.porthole.server.ciconfig.CiConfigCompiler;
import dev.porthole.server.persistence.MutableClock;
import dev.porthole.server.persistence.TestDatabase;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.project.Visibility;
import dev.porthole.server.queue.InProcessQueueSignal;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.runner.RunnerStore;
import dev.porthole.server.trace.TraceFanout;
import dev.porthole.server.trace.TraceService;
import dev.porthole.server.trace.TraceStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The job lifecycle against both databases: stage order, assignment, reports, cancel, retry, housekeeping. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobServiceTest {
    private static final String CONFIG = """
            stages: [build, test, deploy]
            compile:
              stage: build
              script: make
            unit:
              stage: test
              script: make test
              tags: [linux]
            lint:
              stage: test
              script: make lint
              allow_failure: true
            ship:
              stage: deploy
              script: make ship
            """;

    @Parameter
    String databaseName;

    private TestDatabase database;
    private TransactionTemplate tx;
    private JobService jobs;
    private JobStore jobStore;
    private RunnerStore runnerStore;
    private InProcessQueueSignal queue;
    private TraceStore traceStore;
    private MutableClock clock;
    private long projectId;
    private long userId;

    @BeforeParameterizedClassInvocation
    void setUp() {
        database = databaseName.equals("h2") ? TestDatabase.h2() : TestDatabase.postgres();
        tx = database.transactions();
        clock = new MutableClock();
        jobStore = new JobStore(database.jdbc());
        runnerStore = new RunnerStore(database.jdbc());
        queue = new InProcessQueueSignal();
        traceStore = new TraceStore(database.jdbc());
        jobs = newJobService();
        userId = new UserStore(database.jdbc())
                .insert("alice", "Alice", "alice@example.com", "x", false, clock.instant())
                .id();
        projectId = new ProjectStore(database.jdbc())
                .insert("alice", "app", "app", "", Visibility.PRIVATE, "main", userId, clock.instant())
                .id();
    }

    /** Each test sees only its own jobs in the queue. */
    @BeforeEach
    void finishEarlierTestsJobs() {
        database.jdbc()
                .sql("UPDATE jobs SET status = 'canceled' WHERE status IN ('created', 'pending', 'running', 'manual',"
                        + " 'canceling')")
                .update();
    }

    /** A service as a server instance makes it when it starts (now, by {@link #clock}). */
    private JobService newJobService() {
        return new JobService(
                jobStore,
                new PipelineStore(database.jdbc()),
                new PipelineVariableStore(database.jdbc()),
                new TraceService(traceStore, new TraceFanout()),
                queue,
                new JobSettings(
                        Duration.ofHours(1),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(15)),
                clock,
                tx);
    }

    @AfterParameterizedClassInvocation
    void tearDown() {
        database.close();
    }

    private <T> T inTx(Supplier<T> work) {
        return tx.execute(s -> work.get());
    }

    private Pipeline newPipeline(String yaml) throws Exception {
        CiConfig config = CiConfigCompiler.compile(yaml);
        var origin =
                new JobService.PipelineOrigin(projectId, "main", false, "a".repeat(40), "0".repeat(40), "push", null);
        return inTx(() -> jobs.createPipeline(origin, config, List.of()));
    }

    private Runner runner(String... tags) {
        long id = runnerStore.insert(
                "digest-" + System.nanoTime(),
                "glrt-x",
                "r",
                List.of(tags),
                true,
                false,
                false,
                null,
                "created",
                null,
                clock.instant());
        return runnerStore.findById(id).orElseThrow();
    }

    private Map<String, JobStatus> statuses(Pipeline pipeline) {
        return jobs.jobsOf(pipeline.id()).stream()
                .filter(j -> !j.retried())
                .collect(Collectors.toMap(Job::name, Job::status));
    }

    private Job named(Pipeline pipeline, String name) {
        return jobs.jobsOf(pipeline.id()).stream()
                .filter(j -> j.name().equals(name) && !j.retried())
                .findFirst()
                .orElseThrow();
    }

    private PipelineStatus statusOf(Pipeline pipeline) {
        return jobs.findPipeline(pipeline.id()).orElseThrow().status();
    }

    @Test
    void stagesRunInOrderAndAFailureThatIsAllowedDoesNotStopThePipeline() throws Exception {
        Pipeline pipeline = newPipeline(CONFIG);
        assertThat(statuses(pipeline))
                .containsEntry("compile", JobStatus.PENDING)
                .containsEntry("unit", JobStatus.CREATED)
                .containsEntry("ship", JobStatus.CREATED);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.PENDING);

        Runner linux = runner("linux");
        Assignment compile = inTx(() -> jobs.assignNext(linux, false)).orElseThrow();
        assertThat(compile.job().name()).isEqualTo("compile");
        assertThat(compile.token()).startsWith("glcbt-");
        assertThat(jobs.findByToken(compile.token()))
                .map(Job::id)
                .contains(compile.job().id());
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.RUNNING);

        inTx(() -> jobs.reportFromRunner(compile.job(), "success", null, null, "crc32:0"));
        assertThat(statuses(pipeline))
                .containsEntry("compile", JobStatus.SUCCESS)
                .containsEntry("unit", JobStatus.PENDING)
                .containsEntry("lint", JobStatus.PENDING);

        Job unit = inTx(() -> jobs.assignNext(linux, false)).orElseThrow().job();
        Job lint = inTx(() -> jobs.assignNext(linux, false)).orElseThrow().job();
        inTx(() -> jobs.reportFromRunner(lint, "failed", FailureReason.SCRIPT_FAILURE, 1, null));
        assertThat(named(pipeline, "ship").status()).isEqualTo(JobStatus.CREATED);
        inTx(() -> jobs.reportFromRunner(unit, "success", null, null, null));
        assertThat(named(pipeline, "lint").exitCode()).isEqualTo(1);
        assertThat(named(pipeline, "ship").status()).isEqualTo(JobStatus.PENDING);

        Job ship = inTx(() -> jobs.assignNext(linux, false)).orElseThrow().job();
        inTx(() -> jobs.reportFromRunner(ship, "success", null, null, null));
        Pipeline done = jobs.findPipeline(pipeline.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(PipelineStatus.SUCCESS);
        assertThat(done.finishedAt()).isNotNull();
    }

    @Test
    void runnersTakeOnlyJobsWhoseTagsTheyCarry() throws Exception {
        Pipeline pipeline = newPipeline("tagged:\n  script: x\n  tags: [gpu]\n");
        assertThat(inTx(() -> jobs.assignNext(runner("linux"), false))).isEmpty();
        assertThat(inTx(() -> jobs.assignNext(runner("gpu", "linux"), false))).isPresent();
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.RUNNING);
    }

    @Test
    void aFailureSkipsLaterStagesAndFailsThePipeline() throws Exception {
        Pipeline pipeline = newPipeline("build:\n  stage: build\n  script: x\ntest:\n  script: y\n");
        Job build = inTx(() -> jobs.assignNext(runner(), false)).orElseThrow().job();
        inTx(() -> jobs.reportFromRunner(build, "failed", null, 2, null));
        assertThat(statuses(pipeline)).containsEntry("test", JobStatus.SKIPPED);
        assertThat(named(pipeline, "build").failureReason()).isEqualTo(FailureReason.SCRIPT_FAILURE);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.FAILED);
    }

    @Test
    void retryingAFailedJobGivesTheSkippedJobsAnotherChance() throws Exception {
        Pipeline pipeline = newPipeline("build:\n  stage: build\n  script: x\ntest:\n  script: y\n");
        Job build = inTx(() -> jobs.assignNext(runner(), false)).orElseThrow().job();
        inTx(() -> jobs.reportFromRunner(build, "failed", null, 1, null));
        Job failed = named(pipeline, "build");

        Job retry = inTx(() -> jobs.retry(failed, userId));
        assertThat(retry.id()).isNotEqualTo(failed.id());
        assertThat(retry.status()).isEqualTo(JobStatus.PENDING);
        assertThat(retry.retryOf()).isEqualTo(failed.id());
        assertThat(statuses(pipeline)).containsEntry("test", JobStatus.CREATED);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.PENDING);
        assertThatThrownBy(() -> inTx(() -> jobs.retry(failed, userId))).isInstanceOf(JobException.class);

        Job second = inTx(() -> jobs.assignNext(runner(), false)).orElseThrow().job();
        inTx(() -> jobs.reportFromRunner(second, "success", null, null, null));
        assertThat(statuses(pipeline)).containsEntry("test", JobStatus.PENDING);
    }

    @Test
    void cancelingARunningJobWaitsForItsRunner() throws Exception {
        Pipeline pipeline = newPipeline("long:\n  script: sleep 100\nlater:\n  stage: deploy\n  script: x\n");
        Job running = inTx(() -> jobs.assignNext(runner(), false)).orElseThrow().job();
        Job canceling = inTx(() -> jobs.cancel(running));
        assertThat(canceling.status()).isEqualTo(JobStatus.CANCELING);
        assertThat(inTx(() -> jobs.reportFromRunner(canceling, "failed", null, 137, null)))
                .isEqualTo(JobStatus.CANCELED);
        assertThat(statuses(pipeline)).containsEntry("later", JobStatus.SKIPPED);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.CANCELED);
    }

    @Test
    void cancelingAPipelineStopsEverythingThatHasNotFinished() throws Exception {
        Pipeline pipeline = newPipeline(CONFIG);
        inTx(() -> jobs.cancelPipeline(pipeline));
        assertThat(statuses(pipeline).values()).containsOnly(JobStatus.CANCELED, JobStatus.SKIPPED);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.CANCELED);
    }

    @Test
    void cancelingAPipelineAlsoCancelsTheJobsThatItsCancellationWouldStart() throws Exception {
        Pipeline pipeline = newPipeline(
                "build:\n  stage: build\n  script: x\ncleanup:\n  stage: deploy\n  script: y\n  when: always\n");
        inTx(() -> jobs.cancelPipeline(pipeline));
        assertThat(statuses(pipeline))
                .containsEntry("build", JobStatus.CANCELED)
                .containsEntry("cleanup", JobStatus.CANCELED);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.CANCELED);
    }

    @Test
    void cancelingAPipelineGoesStageByStageThroughManyJobs() throws Exception {
        StringBuilder yaml = new StringBuilder("stages: [build, test, deploy]\n");
        for (int i = 0; i < 40; i++) {
            yaml.append("build-").append(i).append(":\n  stage: build\n  script: x\n");
        }
        yaml.append("report:\n  stage: test\n  script: y\n  when: on_failure\n");
        yaml.append("cleanup:\n  stage: deploy\n  script: z\n  when: always\n");
        yaml.append("ship:\n  stage: deploy\n  script: z\n");
        Pipeline pipeline = newPipeline(yaml.toString());
        Job running = inTx(() -> jobs.assignNext(runner(), false)).orElseThrow().job();

        inTx(() -> jobs.cancelPipeline(pipeline));

        var statuses = statuses(pipeline);
        // The job on a runner waits for its runner to stop it; everything else, later stages included, is canceled.
        assertThat(statuses).hasSize(43).containsEntry(running.name(), JobStatus.CANCELING);
        assertThat(statuses.entrySet().stream()
                        .filter(e -> !e.getKey().equals(running.name()))
                        .map(Map.Entry::getValue))
                .containsOnly(JobStatus.CANCELED);
    }

    @Test
    void aManualJobWaitsToBePlayedAndWhoPlaysItStartsIt() throws Exception {
        Pipeline pipeline = newPipeline("deploy:\n  script: x\n  when: manual\n  allow_failure: false\n");
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.MANUAL);
        Job played = inTx(() -> jobs.play(named(pipeline, "deploy"), userId));
        assertThat(played.status()).isEqualTo(JobStatus.PENDING);
        assertThat(played.userId()).isEqualTo(userId);
        assertThatThrownBy(() -> inTx(() -> jobs.play(played, userId))).isInstanceOf(JobException.class);
    }

    @Test
    void aJobWhoseRunnerWentSilentFailsAsASystemFailureWithALineInItsLog() throws Exception {
        Pipeline pipeline = newPipeline("job:\n  script: x\n");
        Job running = inTx(() -> jobs.assignNext(runner(), false)).orElseThrow().job();
        clock.advance(Duration.ofMinutes(9));
        assertThat(inTx(() -> jobs.housekeeping())).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(inTx(() -> jobs.housekeeping())).isEqualTo(1);
        Job failed = jobs.find(running.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo(FailureReason.RUNNER_SYSTEM_FAILURE);
        assertThat(new String(traceStore.read(running.id(), 0), StandardCharsets.UTF_8))
                .contains("its runner sent no update for 10m0s");
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.FAILED);
    }

    @Test
    void aRestartedServerCountsSilenceOnlyFromItsOwnStart() throws Exception {
        Pipeline pipeline = newPipeline("job:\n  script: x\n");
        Job running = inTx(() -> jobs.assignNext(runner(), false)).orElseThrow().job();
        clock.advance(Duration.ofHours(1)); // the server was down for an hour
        var restarted = newJobService();
        assertThat(inTx(restarted::housekeeping)).isZero();
        clock.advance(Duration.ofMinutes(11));
        assertThat(inTx(restarted::housekeeping)).isEqualTo(1);
        assertThat(jobs.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.FAILED);
    }

    @Test
    void aJobGivenToARunnerThatConfirmsRunsAndOneThatNeverConfirmsGoesBackToTheQueue() throws Exception {
        Pipeline pipeline = newPipeline("job:\n  script: x\n");
        Assignment given = inTx(() -> jobs.assignNext(runner(), true)).orElseThrow();
        assertThat(given.job().status()).isEqualTo(JobStatus.PENDING);
        assertThat(given.job().heldByRunner()).isTrue();
        assertThat(inTx(() -> jobs.assignNext(runner(), true))).isEmpty();

        clock.advance(Duration.ofSeconds(61));
        assertThat(inTx(() -> jobs.housekeeping())).isEqualTo(1);
        assertThat(jobs.findByToken(given.token())).isEmpty();
        assertThat(named(pipeline, "job").heldByRunner()).isFalse();

        Assignment again = inTx(() -> jobs.assignNext(runner(), true)).orElseThrow();
        assertThat(inTx(() -> jobs.reportFromRunner(again.job(), "pending", null, null, null)))
                .isEqualTo(JobStatus.PENDING);
        assertThat(inTx(() -> jobs.reportFromRunner(again.job(), "running", null, null, null)))
                .isEqualTo(JobStatus.RUNNING);
        assertThat(named(pipeline, "job").startedAt()).isNotNull();
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.RUNNING);
    }

    @Test
    void newPendingJobsChangeTheQueueVersionForWaitingRunners() throws Exception {
        String before = queue.version();
        newPipeline("job:\n  script: x\n");
        assertThat(queue.version()).isNotEqualTo(before);
    }

    @Test
    void aReportForAJobNoRunnerHoldsChangesNothing() throws Exception {
        Pipeline pipeline = newPipeline("job:\n  script: x\n");
        Job pending = named(pipeline, "job");
        assertThat(inTx(() -> jobs.reportFromRunner(pending, "success", null, null, null)))
                .isEqualTo(JobStatus.PENDING);
    }
}
