package dev.porthole.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.account.UserStore;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/**
 * How a pipeline moves on against both databases, past plain stage order: {@code needs}, delayed jobs, automatic
 * retries, interruptible jobs, allowed failures, pipeline variables and deleting a pipeline.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobServiceFlowTest {
    @Parameter
    String databaseName;

    private TestDatabase database;
    private TransactionTemplate tx;
    private JobService jobs;
    private RunnerStore runnerStore;
    private MutableClock clock;
    private long projectId;
    private long userId;
    private Runner runner;
    private String ref;

    @BeforeParameterizedClassInvocation
    void setUp() {
        database = databaseName.equals("h2") ? TestDatabase.h2() : TestDatabase.postgres();
        tx = database.transactions();
        clock = new MutableClock();
        runnerStore = new RunnerStore(database.jdbc());
        jobs = new JobService(
                new JobStore(database.jdbc()),
                new PipelineStore(database.jdbc()),
                new PipelineVariableStore(database.jdbc()),
                new TraceService(new TraceStore(database.jdbc()), new TraceFanout()),
                new InProcessQueueSignal(),
                new JobSettings(
                        Duration.ofHours(1),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(15)),
                clock,
                tx);
        userId = new UserStore(database.jdbc())
                .insert("bob", "Bob", "bob@example.com", "x", false, clock.instant())
                .id();
        projectId = new ProjectStore(database.jdbc())
                .insert("bob", "flows", "flows", "", Visibility.PRIVATE, "main", userId, clock.instant())
                .id();
        runner = runnerStore
                .findById(runnerStore.insert(
                        "digest-flow",
                        "glrt-flow",
                        "r",
                        List.of(),
                        true,
                        false,
                        false,
                        null,
                        "created",
                        null,
                        clock.instant()))
                .orElseThrow();
    }

    /**
     * Each test sees only its own jobs: in the queue, among delayed jobs that housekeeping starts, and among the
     * pipelines of its ref (a newer pipeline cancels older ones of the same ref).
     */
    @BeforeEach
    void isolateFromEarlierTests() {
        database.jdbc()
                .sql("UPDATE jobs SET status = 'canceled' WHERE status IN ('created', 'pending', 'running', 'manual',"
                        + " 'canceling', 'scheduled')")
                .update();
        ref = "branch-" + System.nanoTime();
    }

    @AfterParameterizedClassInvocation
    void tearDown() {
        database.close();
    }

    private <T> T inTx(Supplier<T> work) {
        return tx.execute(s -> work.get());
    }

    private long commits;

    private Pipeline newPipeline(String yaml) throws Exception {
        return newPipeline(yaml, ref, List.of());
    }

    private Pipeline newPipeline(String yaml, String onRef, List<PipelineVariable> variables) throws Exception {
        // A commit of its own each time, as pushes make them: pipelines of one commit never cancel each other.
        return newPipelineAt(yaml, onRef, String.format("%040x", ++commits), variables);
    }

    private Pipeline newPipelineAt(String yaml, String onRef, String sha, List<PipelineVariable> variables)
            throws Exception {
        var config = CiConfigCompiler.compile(yaml);
        var origin = new JobService.PipelineOrigin(projectId, onRef, false, sha, "0".repeat(40), "api", userId);
        return inTx(() -> jobs.createPipeline(origin, config, variables));
    }

    /** Hands every pending job to a runner; returns them by name, running. */
    private Map<String, Job> startPending() {
        Map<String, Job> started = new HashMap<>();
        Optional<Assignment> next;
        while ((next = inTx(() -> jobs.assignNext(runner, false))).isPresent()) {
            started.put(next.get().job().name(), next.get().job());
        }
        return started;
    }

    private Job start(String name) {
        Map<String, Job> started = startPending();
        assertThat(started).containsOnlyKeys(name);
        return started.get(name);
    }

    private void succeed(Job job) {
        assertThat(inTx(() -> jobs.reportFromRunner(job, "success", null, null, null)))
                .isEqualTo(JobStatus.SUCCESS);
    }

    private void fail(Job job, FailureReason reason, Integer exitCode) {
        inTx(() -> jobs.reportFromRunner(job, "failed", reason, exitCode, null));
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

    private List<Job> attempts(Pipeline pipeline, String name) {
        return jobs.jobsOf(pipeline.id()).stream()
                .filter(j -> j.name().equals(name))
                .toList();
    }

    private PipelineStatus statusOf(Pipeline pipeline) {
        return jobs.findPipeline(pipeline.id()).orElseThrow().status();
    }

    @Test
    void aJobWithNeedsStartsWhenItsNeedsFinishEvenWhileItsStageIsStillRunning() throws Exception {
        Pipeline pipeline = newPipeline("""
                stages: [build, test]
                fast:
                  stage: build
                  script: x
                slow:
                  stage: build
                  script: y
                after_fast:
                  stage: test
                  needs: [fast]
                  script: z
                by_stage:
                  stage: test
                  script: w
                """);
        Map<String, Job> build = startPending();
        assertThat(build).containsOnlyKeys("fast", "slow");

        succeed(build.get("fast"));
        assertThat(statuses(pipeline))
                .containsEntry("slow", JobStatus.RUNNING)
                .containsEntry("after_fast", JobStatus.PENDING)
                .containsEntry("by_stage", JobStatus.CREATED);

        succeed(build.get("slow"));
        assertThat(statuses(pipeline)).containsEntry("by_stage", JobStatus.PENDING);
    }

    @Test
    void aJobWithEmptyNeedsStartsWithTheFirstStage() throws Exception {
        Pipeline pipeline = newPipeline("""
                stages: [build, test, deploy]
                compile:
                  stage: build
                  script: x
                lint:
                  stage: test
                  needs: []
                  script: y
                ship:
                  stage: deploy
                  script: z
                """);
        assertThat(statuses(pipeline))
                .containsEntry("compile", JobStatus.PENDING)
                .containsEntry("lint", JobStatus.PENDING)
                .containsEntry("ship", JobStatus.CREATED);
    }

    @Test
    void aFailedNeedSkipsTheJobThatNeedsItUnlessTheFailureIsAllowed() throws Exception {
        Pipeline pipeline = newPipeline("""
                stages: [build, test]
                compile:
                  stage: build
                  script: x
                flaky:
                  stage: build
                  script: y
                  allow_failure: true
                package:
                  stage: test
                  needs: [compile]
                  script: z
                report:
                  stage: test
                  needs: [flaky]
                  script: w
                """);
        Map<String, Job> build = startPending();
        fail(build.get("compile"), FailureReason.SCRIPT_FAILURE, 1);
        fail(build.get("flaky"), FailureReason.SCRIPT_FAILURE, 1);
        assertThat(statuses(pipeline))
                .containsEntry("package", JobStatus.SKIPPED)
                .containsEntry("report", JobStatus.PENDING);
        succeed(start("report"));
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.FAILED);
    }

    @Test
    void aDelayedJobWaitsForItsTimeAndHousekeepingStartsIt() throws Exception {
        Pipeline pipeline = newPipeline("deploy:\n  script: x\n  when: delayed\n  start_in: 30 minutes\n");
        Job scheduled = named(pipeline, "deploy");
        assertThat(scheduled.status()).isEqualTo(JobStatus.SCHEDULED);
        assertThat(scheduled.scheduledAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.SCHEDULED);
        assertThat(inTx(() -> jobs.assignNext(runner, false))).isEmpty();

        clock.advance(Duration.ofMinutes(29));
        assertThat(inTx(() -> jobs.housekeeping())).isZero();
        assertThat(named(pipeline, "deploy").status()).isEqualTo(JobStatus.SCHEDULED);

        clock.advance(Duration.ofMinutes(2));
        assertThat(inTx(() -> jobs.housekeeping())).isEqualTo(1);
        assertThat(named(pipeline, "deploy").status()).isEqualTo(JobStatus.PENDING);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.PENDING);
        assertThat(start("deploy").id()).isEqualTo(scheduled.id());
    }

    @Test
    void aDelayedJobThatIsPlayedStartsAtOnceAndHousekeepingLeavesItAlone() throws Exception {
        Pipeline pipeline = newPipeline("deploy:\n  script: x\n  when: delayed\n  start_in: 1 hour\n");
        Job played = inTx(() -> jobs.play(named(pipeline, "deploy"), userId));
        assertThat(played.status()).isEqualTo(JobStatus.PENDING);
        assertThat(played.userId()).isEqualTo(userId);

        clock.advance(Duration.ofHours(2));
        assertThat(inTx(() -> jobs.housekeeping())).isZero();
        assertThat(named(pipeline, "deploy").status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void aDelayedJobAfterAFailureIsSkipped() throws Exception {
        Pipeline pipeline = newPipeline("""
                stages: [build, deploy]
                compile:
                  stage: build
                  script: x
                rollout:
                  stage: deploy
                  script: y
                  when: delayed
                  start_in: 5 minutes
                """);
        fail(start("compile"), FailureReason.SCRIPT_FAILURE, 2);
        assertThat(statuses(pipeline)).containsEntry("rollout", JobStatus.SKIPPED);
        assertThat(named(pipeline, "rollout").scheduledAt()).isNull();
    }

    @Test
    void aScriptFailureIsRetriedWhenListedButNeverMoreThanMaxTimes() throws Exception {
        Pipeline pipeline =
                newPipeline("test:\n  script: x\n  retry:\n    max: 2\n    when: [script_failure, api_failure]\n");
        for (int attempt = 1; attempt <= 3; attempt++) {
            Job running = start("test");
            fail(running, FailureReason.SCRIPT_FAILURE, 1);
        }
        List<Job> attempts = attempts(pipeline, "test");
        assertThat(attempts).hasSize(3);
        assertThat(attempts.get(1).retryOf()).isEqualTo(attempts.get(0).id());
        assertThat(attempts.get(2).retryOf()).isEqualTo(attempts.get(1).id());
        assertThat(attempts).allMatch(j -> j.status() == JobStatus.FAILED);
        assertThat(attempts.stream().map(Job::userId)).containsOnly(userId);
        assertThat(inTx(() -> jobs.assignNext(runner, false))).isEmpty();
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.FAILED);
    }

    @Test
    void aScriptFailureIsNotRetriedWhenOnlyRunnerSystemFailuresAreListed() throws Exception {
        String yaml = "test:\n  script: x\n  retry:\n    max: 2\n    when: runner_system_failure\n";
        Pipeline scriptFailure = newPipeline(yaml);
        fail(start("test"), FailureReason.SCRIPT_FAILURE, 1);
        assertThat(attempts(scriptFailure, "test")).hasSize(1);
        assertThat(statusOf(scriptFailure)).isEqualTo(PipelineStatus.FAILED);

        // The same configuration does retry the failure it names.
        Pipeline systemFailure = newPipeline(yaml, "other-" + ref, List.of());
        fail(start("test"), FailureReason.RUNNER_SYSTEM_FAILURE, null);
        assertThat(attempts(systemFailure, "test")).hasSize(2);
        assertThat(named(systemFailure, "test").status()).isEqualTo(JobStatus.PENDING);
        assertThat(statusOf(systemFailure)).isEqualTo(PipelineStatus.PENDING);
    }

    @Test
    void retryExitCodesLimitWhichFailuresAreRetried() throws Exception {
        Pipeline pipeline = newPipeline("test:\n  script: x\n  retry:\n    max: 1\n    exit_codes: [137]\n");
        fail(start("test"), FailureReason.SCRIPT_FAILURE, 137);
        assertThat(attempts(pipeline, "test")).hasSize(2);
        fail(start("test"), FailureReason.SCRIPT_FAILURE, 1);
        assertThat(attempts(pipeline, "test")).hasSize(2);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.FAILED);
    }

    @Test
    void aNewerPipelineCancelsAnOlderOneThatHasRunOnlyInterruptibleJobs() throws Exception {
        String yaml = """
                stages: [test, deploy]
                unit:
                  stage: test
                  script: x
                  interruptible: true
                ship:
                  stage: deploy
                  script: y
                """;
        Pipeline older = newPipeline(yaml);
        Job unit = start("unit");
        Pipeline otherRef = newPipeline(yaml, "other-" + ref, List.of());

        Pipeline newer = newPipeline(yaml);
        assertThat(statuses(older))
                .containsEntry("unit", JobStatus.CANCELING)
                .containsEntry("ship", JobStatus.CANCELED);
        assertThat(inTx(() -> jobs.reportFromRunner(unit, "failed", null, 143, null)))
                .isEqualTo(JobStatus.CANCELED);
        assertThat(statusOf(older)).isEqualTo(PipelineStatus.CANCELED);
        assertThat(statuses(newer)).containsEntry("unit", JobStatus.PENDING);
        assertThat(statuses(otherRef)).containsEntry("unit", JobStatus.PENDING);
    }

    @Test
    void anOlderPipelineNothingOfWhichHasStartedIsRedundantEvenWithoutInterruptibleJobs() throws Exception {
        Pipeline older = newPipeline("unit:\n  script: x\n");
        Pipeline newer = newPipeline("unit:\n  script: x\n");
        assertThat(statusOf(older)).isEqualTo(PipelineStatus.CANCELED);
        assertThat(statuses(newer)).containsEntry("unit", JobStatus.PENDING);
    }

    @Test
    void aPipelineForTheSameCommitAgainCancelsNothing() throws Exception {
        String sha = "c".repeat(40);
        Pipeline first = newPipelineAt("unit:\n  script: x\n  interruptible: true\n", ref, sha, List.of());
        newPipelineAt("unit:\n  script: x\n  interruptible: true\n", ref, sha, List.of());
        assertThat(statuses(first)).containsEntry("unit", JobStatus.PENDING);
        assertThat(statusOf(first)).isEqualTo(PipelineStatus.PENDING);
    }

    @Test
    void aNewerPipelineLeavesAnOlderOneAloneOnceANonInterruptibleJobHasStarted() throws Exception {
        String yaml = """
                unit:
                  script: x
                  interruptible: true
                migrate:
                  script: y
                """;
        Pipeline older = newPipeline(yaml);
        assertThat(startPending()).containsOnlyKeys("unit", "migrate");

        newPipeline(yaml);
        assertThat(statuses(older))
                .containsEntry("unit", JobStatus.RUNNING)
                .containsEntry("migrate", JobStatus.RUNNING);
        assertThat(statusOf(older)).isEqualTo(PipelineStatus.RUNNING);
    }

    @Test
    void anAllowedFailureStillGivesASuccessfulPipelineAndDoesNotHoldBackLaterStages() throws Exception {
        Pipeline pipeline = newPipeline("""
                stages: [test, deploy]
                unit:
                  stage: test
                  script: x
                lint:
                  stage: test
                  script: y
                  allow_failure: true
                ship:
                  stage: deploy
                  script: z
                """);
        Map<String, Job> test = startPending();
        fail(test.get("lint"), FailureReason.SCRIPT_FAILURE, 1);
        succeed(test.get("unit"));
        succeed(start("ship"));
        assertThat(named(pipeline, "lint").status()).isEqualTo(JobStatus.FAILED);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.SUCCESS);
    }

    @Test
    void aManualJobThatMayBeLeftUnplayedDoesNotKeepThePipelineFromSucceeding() throws Exception {
        Pipeline pipeline =
                newPipeline("build:\n  script: x\nrelease:\n  stage: deploy\n  script: y\n  when: manual\n");
        succeed(start("build"));
        assertThat(statuses(pipeline)).containsEntry("release", JobStatus.MANUAL);
        assertThat(statusOf(pipeline)).isEqualTo(PipelineStatus.SUCCESS);
    }

    @Test
    void pipelineVariablesAreKeptWithTheirPipeline() throws Exception {
        Pipeline with = newPipeline(
                "job:\n  script: x\n",
                ref,
                List.of(new PipelineVariable("TARGET", "staging", false), new PipelineVariable("CERT", "pem", true)));
        Pipeline without = newPipeline("job:\n  script: x\n", "other-" + ref, List.of());
        assertThat(jobs.variablesOf(with.id()))
                .containsExactly(
                        new PipelineVariable("CERT", "pem", true), new PipelineVariable("TARGET", "staging", false));
        assertThat(jobs.variablesOf(without.id())).isEmpty();
    }

    @Test
    void deletingAPipelineRemovesItsJobsVariablesAndTokensButNoOtherPipeline() throws Exception {
        String yaml =
                "stages: [build, test]\ncompile:\n  stage: build\n  script: x\ncheck:\n  stage: test\n  script: y\n";
        Pipeline doomed = newPipeline(yaml, ref, List.of(new PipelineVariable("A", "1", false)));
        Pipeline kept = newPipeline(yaml, "other-" + ref, List.of());
        Assignment running = inTx(() -> jobs.assignNext(runner, false)).orElseThrow();
        assertThat(running.job().pipelineId()).isEqualTo(doomed.id());
        List<Long> jobIds = jobs.jobsOf(doomed.id()).stream().map(Job::id).toList();

        assertThat(inTx(() -> jobs.deletePipeline(doomed))).containsExactlyInAnyOrderElementsOf(jobIds);
        assertThat(jobs.findPipeline(doomed.id())).isEmpty();
        assertThat(jobs.jobsOf(doomed.id())).isEmpty();
        assertThat(jobIds).allSatisfy(id -> assertThat(jobs.find(id)).isEmpty());
        assertThat(jobs.variablesOf(doomed.id())).isEmpty();
        assertThat(jobs.findByToken(running.token())).isEmpty();
        assertThat(jobs.jobsOf(kept.id())).hasSize(2);
    }
}
