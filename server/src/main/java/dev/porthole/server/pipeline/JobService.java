package dev.porthole.server.pipeline;

import dev.porthole.server.ciconfig.CiConfig;
import dev.porthole.server.ciconfig.Durations;
import dev.porthole.server.ciconfig.JobDefinition;
import dev.porthole.server.credential.Tokens;
import dev.porthole.server.persistence.AfterCommit;
import dev.porthole.server.queue.QueueSignal;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.trace.TraceService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The only place where jobs change state. Every change moves the job's pipeline on in the same transaction (under
 * the pipeline's row lock), and wakes waiting runners once it is committed.
 */
@Service
public class JobService {
    /** GitLab's prefix for CI job tokens. */
    public static final String JOB_TOKEN_PREFIX = "glcbt-";

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    private static final int CANDIDATES = 500;

    private final JobStore jobs;
    private final PipelineStore pipelines;
    private final PipelineVariableStore pipelineVariables;
    private final TraceService traces;
    private final QueueSignal queue;
    private final JobSettings settings;
    private final Clock clock;
    private final Instant startedAt;
    private final TransactionOperations transactions;

    public JobService(
            JobStore jobs,
            PipelineStore pipelines,
            PipelineVariableStore pipelineVariables,
            TraceService traces,
            QueueSignal queue,
            JobSettings settings,
            Clock clock,
            TransactionOperations transactions) {
        this.jobs = jobs;
        this.pipelines = pipelines;
        this.pipelineVariables = pipelineVariables;
        this.traces = traces;
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.transactions = transactions;
    }

    /** Where a pipeline comes from and for what commit. */
    public record PipelineOrigin(
            long projectId, String ref, boolean tag, String sha, String beforeSha, String source, Long userId) {}

    /**
     * A pipeline with a job for each job of the configuration; the first stage's jobs start right away. Older
     * pipelines of the same ref for other commits that have run nothing but interruptible jobs are canceled: this
     * one supersedes them.
     */
    @Transactional
    public Pipeline createPipeline(PipelineOrigin origin, CiConfig config, List<PipelineVariable> variables) {
        var now = clock.instant();
        Pipeline pipeline = insertPipeline(origin, PipelineStatus.CREATED, null, now);
        pipelineVariables.insert(pipeline.id(), variables);
        for (JobDefinition definition : config.jobs()) {
            long jobId = jobs.insert(
                    pipeline.id(),
                    origin.projectId(),
                    definition.name(),
                    definition.stage(),
                    definition.stageIndex(),
                    definition.when(),
                    definition.allowFailure(),
                    definition.tags(),
                    JobSpec.of(definition),
                    origin.userId(),
                    timeoutOf(JobSpec.of(definition)),
                    null,
                    now);
            traces.create(jobId);
        }
        process(pipeline.id());
        cancelRedundant(pipeline);
        return pipelines.findById(pipeline.id()).orElseThrow();
    }

    /**
     * GitLab's "auto-cancel redundant pipelines" in its default, conservative form: an older pipeline of the same
     * ref for another commit is canceled unless one of its non-interruptible jobs has started. A pipeline for the
     * same commit again is not redundant, and is left alone.
     */
    private void cancelRedundant(Pipeline newer) {
        for (Pipeline older : pipelines.unfinishedForRef(newer.projectId(), newer.ref(), newer.id())) {
            if (older.sha().equals(newer.sha())) {
                continue;
            }
            pipelines.lock(older.id());
            boolean uninterruptibleStarted = jobs.forPipeline(older.id()).stream()
                    .filter(j -> !j.retried())
                    .anyMatch(j -> j.startedAt() != null && !j.spec().interruptible());
            if (!uninterruptibleStarted) {
                LOG.info("pipeline {} supersedes pipeline {} of {}; canceling it", newer.id(), older.id(), older.ref());
                cancelPipeline(older);
            }
        }
    }

    public List<PipelineVariable> variablesOf(long pipelineId) {
        return pipelineVariables.forPipeline(pipelineId);
    }

    /** A failed pipeline that records why its configuration made no jobs. */
    @Transactional
    public Pipeline createFailedPipeline(PipelineOrigin origin, String errors) {
        return insertPipeline(origin, PipelineStatus.FAILED, errors, clock.instant());
    }

    private Pipeline insertPipeline(PipelineOrigin origin, PipelineStatus status, String errors, Instant now) {
        return pipelines.insert(
                origin.projectId(),
                origin.ref(),
                origin.tag(),
                origin.sha(),
                origin.beforeSha(),
                origin.source(),
                status,
                origin.userId(),
                errors,
                now);
    }

    private int timeoutOf(JobSpec spec) {
        long seconds = spec.timeoutSeconds() != null
                ? spec.timeoutSeconds()
                : settings.defaultTimeout().toSeconds();
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }

    /**
     * Hands the oldest pending job this runner can run to it. Safe when many runners and server instances ask at
     * once: the database decides which one gets each job.
     *
     * @param twoPhase the runner confirms each job it receives ({@code two_phase_job_commit}); until it does, the job
     *     stays pending, and goes back to the queue if the confirmation never comes (the runner's long poll may have
     *     been abandoned while this answer was on its way)
     */
    @Transactional
    public Optional<Assignment> assignNext(Runner runner, boolean twoPhase) {
        if (runner.paused()) {
            return Optional.empty();
        }
        long after = 0;
        List<Job> page;
        do {
            page = jobs.pending(after, CANDIDATES);
            for (Job candidate : page) {
                after = candidate.id();
                if (!runner.canRun(candidate.tags())) {
                    continue;
                }
                // The pipeline's lock first, as every change of a job takes it: no two orders, no deadlock.
                pipelines.lock(candidate.pipelineId());
                String token = Tokens.generate(JOB_TOKEN_PREFIX);
                int timeout = runner.maximumTimeout() == null
                        ? candidate.timeoutSeconds()
                        : Math.min(candidate.timeoutSeconds(), runner.maximumTimeout());
                if (jobs.claim(
                        candidate.id(), runner.id(), Tokens.digest(token), timeout, !twoPhase, clock.instant())) {
                    process(candidate.pipelineId());
                    return Optional.of(
                            new Assignment(jobs.findById(candidate.id()).orElseThrow(), token));
                }
            }
        } while (page.size() == CANDIDATES);
        return Optional.empty();
    }

    /** The job this job token belongs to, in whatever state. */
    public Optional<Job> findByToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return jobs.findByTokenDigest(Tokens.digest(token));
    }

    public Optional<Job> find(long jobId) {
        return jobs.findById(jobId);
    }

    public List<Job> jobsOf(long pipelineId) {
        return jobs.forPipeline(pipelineId);
    }

    public List<Job> jobsOfProject(long projectId, Set<JobStatus> statuses, int limit, long offset) {
        return jobs.forProject(projectId, statuses, limit, offset);
    }

    public long countJobsOfProject(long projectId, Set<JobStatus> statuses) {
        return jobs.countForProject(projectId, statuses);
    }

    public Optional<Job> latestSuccessful(long projectId, String ref, String name) {
        return jobs.latestSuccessful(projectId, ref, name);
    }

    public Optional<Pipeline> findPipeline(long pipelineId) {
        return pipelines.findById(pipelineId);
    }

    public void recordRunnerContact(Job job) {
        jobs.recordRunnerContact(job.id(), clock.instant());
    }

    /** A state a runner reports ({@code PUT /jobs/:id}). Returns the job's status afterwards. */
    @Transactional
    public JobStatus reportFromRunner(
            Job reported, String state, FailureReason reason, Integer exitCode, String traceChecksum) {
        pipelines.lock(reported.pipelineId());
        Job job = jobs.findById(reported.id()).orElseThrow();
        if (!Objects.equals(job.runnerId(), reported.runnerId())) {
            return job.status(); // taken back and given to another runner meanwhile
        }
        if (job.status() == JobStatus.PENDING && job.runnerId() != null) {
            if ("pending".equals(state)) {
                jobs.recordRunnerContact(job.id(), clock.instant());
                return JobStatus.PENDING;
            }
            if (!jobs.acknowledge(job.id(), job.runnerId(), clock.instant())) {
                return jobs.findById(job.id()).map(Job::status).orElse(job.status());
            }
            process(job.pipelineId());
            job = jobs.findById(job.id()).orElseThrow();
        }
        if (!job.status().onRunner()) {
            return job.status();
        }
        jobs.recordRunnerContact(job.id(), clock.instant());
        if (traceChecksum != null) {
            jobs.recordTraceChecksum(job.id(), traceChecksum);
        }
        JobStatus next = switch (state) {
            case "success" -> job.status() == JobStatus.CANCELING ? JobStatus.CANCELED : JobStatus.SUCCESS;
            case "failed" -> job.status() == JobStatus.CANCELING ? JobStatus.CANCELED : JobStatus.FAILED;
            default -> job.status();
        };
        if (next != job.status()) {
            FailureReason failure =
                    next == JobStatus.FAILED ? (reason == null ? FailureReason.SCRIPT_FAILURE : reason) : null;
            change(job, next, failure, next == JobStatus.FAILED ? exitCode : null);
        }
        return next;
    }

    /** Cancels a job that has not finished: at once when no runner has it, through its runner when one has. */
    @Transactional
    public Job cancel(Job job) {
        change(job, canceled(job), null, null);
        return jobs.findById(job.id()).orElseThrow();
    }

    private static JobStatus canceled(Job job) {
        return switch (job.status()) {
            case CREATED, PENDING, MANUAL -> JobStatus.CANCELED;
            case RUNNING -> JobStatus.CANCELING;
            default ->
                throw new JobException(
                        "job " + job.id() + " is " + job.status().wireName() + " and cannot be canceled");
        };
    }

    /** Cancels every job of the pipeline that has not finished. */
    @Transactional
    public Pipeline cancelPipeline(Pipeline pipeline) {
        pipelines.lock(pipeline.id());
        int lastStage = jobs.forPipeline(pipeline.id()).stream()
                .mapToInt(Job::stageIndex)
                .max()
                .orElse(-1);
        // Stage by stage, processing the pipeline after each: canceling an earlier stage can start later jobs
        // (when: always) or skip them. A stage's jobs are canceled together and the pipeline processed once for
        // them; processing after every job read all the pipeline's jobs each time, and a stage of a thousand jobs
        // outlasted the request.
        for (int stage = 0; stage <= lastStage; stage++) {
            boolean changed = false;
            for (Job job : jobs.forPipeline(pipeline.id())) {
                if (job.stageIndex() == stage
                        && !job.retried()
                        && (job.status().active()
                                || job.status() == JobStatus.CREATED
                                || job.status() == JobStatus.MANUAL)
                        && job.status() != JobStatus.CANCELING) {
                    changed |= transition(job, canceled(job), null, null);
                }
            }
            if (changed) {
                process(pipeline.id());
            }
        }
        return pipelines.findById(pipeline.id()).orElseThrow();
    }

    /**
     * Deletes the pipeline with its jobs, logs and variables. A runner still running one of its jobs is told the job
     * is gone on its next update, and stops it.
     *
     * @return the ids of the deleted jobs, whose files the caller removes
     */
    @Transactional
    public List<Long> deletePipeline(Pipeline pipeline) {
        pipelines.lock(pipeline.id());
        List<Long> ids = jobs.forPipeline(pipeline.id()).stream().map(Job::id).toList();
        pipelines.delete(pipeline.id());
        return ids;
    }

    /** A new attempt of a finished job, started by {@code userId}; jobs that its failure skipped get another chance. */
    @Transactional
    public Job retry(Job job, Long userId) {
        return retry(job, userId, null);
    }

    /**
     * A new attempt that, should it fail, is held for debugging this long.
     *
     * @param debugHold Go-style ({@code 15m0s}), or null for a plain retry (which also drops a hold an earlier
     *     attempt was retried with)
     */
    @Transactional
    public Job retry(Job job, Long userId, String debugHold) {
        pipelines.lock(job.pipelineId());
        Job current = jobs.findById(job.id()).orElseThrow();
        if (current.retried()) {
            throw new JobException("job " + job.id() + " has already been retried");
        }
        if (!current.status().retryable()) {
            throw new JobException(
                    "job " + job.id() + " is " + current.status().wireName() + "; only finished jobs can be retried");
        }
        var now = clock.instant();
        long retryId = jobs.insert(
                current.pipelineId(),
                current.projectId(),
                current.name(),
                current.stage(),
                current.stageIndex(),
                current.when(),
                current.allowFailure(),
                current.tags(),
                current.spec().withDebugHold(debugHold),
                userId,
                timeoutOf(current.spec()),
                current.id(),
                now);
        traces.create(retryId);
        jobs.markRetried(current.id());
        for (Job later : jobs.forPipeline(current.pipelineId())) {
            if (!later.retried() && later.stageIndex() > current.stageIndex() && later.status() == JobStatus.SKIPPED) {
                jobs.transition(later.id(), JobStatus.SKIPPED, JobStatus.CREATED, null, null, now);
            }
        }
        process(current.pipelineId());
        return jobs.findById(retryId).orElseThrow();
    }

    /** Retries every failed or canceled job of the pipeline. */
    @Transactional
    public Pipeline retryPipeline(Pipeline pipeline, Long userId) {
        List<Job> toRetry = jobs.forPipeline(pipeline.id()).stream()
                .filter(j -> !j.retried())
                .filter(j -> j.status() == JobStatus.FAILED || j.status() == JobStatus.CANCELED)
                .toList();
        if (toRetry.isEmpty()) {
            throw new JobException("pipeline " + pipeline.id() + " has no failed or canceled jobs to retry");
        }
        toRetry.forEach(j -> retry(j, userId));
        return pipelines.findById(pipeline.id()).orElseThrow();
    }

    /** Starts a manual job; {@code userId} becomes the user who started it. */
    @Transactional
    public Job play(Job job, Long userId) {
        pipelines.lock(job.pipelineId());
        Job current = jobs.findById(job.id()).orElseThrow();
        if (current.status() != JobStatus.MANUAL && current.status() != JobStatus.SCHEDULED) {
            throw new JobException("job " + job.id() + " is " + current.status().wireName()
                    + "; only manual and delayed jobs can be played");
        }
        jobs.assignUser(job.id(), userId);
        change(current, JobStatus.PENDING, null, null);
        return jobs.findById(job.id()).orElseThrow();
    }

    /**
     * Fails running jobs whose runner went silent, takes back jobs no runner confirmed, and finishes cancellations
     * that no runner confirmed. Each job in its own transaction, re-checked under its pipeline's lock, so it is safe
     * to run on every server instance at once and never races a runner's own report.
     */
    public int housekeeping() {
        var now = clock.instant();
        int changed = 0;
        // Runners cannot reach a server that is down: silence is only counted over time this instance listened.
        Instant silentSince = now.minus(settings.runnerContactTimeout());
        if (!silentSince.isBefore(startedAt)) {
            for (Job job : jobs.onRunnerSilentSince(JobStatus.RUNNING, silentSince)) {
                changed += inTransaction(() -> failSilent(job.id(), silentSince));
            }
        }
        Instant unconfirmedSince = now.minus(settings.acknowledgeTimeout());
        for (Job job : jobs.unacknowledgedSince(unconfirmedSince)) {
            changed += inTransaction(() -> takeBack(job, unconfirmedSince));
        }
        for (Job job : jobs.scheduledUntil(now)) {
            changed += inTransaction(() -> startScheduled(job.id()));
        }
        Instant cancelingSince = now.minus(settings.cancelingTimeout());
        for (Job job : jobs.onRunnerSilentSince(JobStatus.CANCELING, cancelingSince)) {
            changed += inTransaction(() -> finishCancellation(job.id(), cancelingSince));
        }
        return changed;
    }

    private int inTransaction(Supplier<Boolean> work) {
        return Boolean.TRUE.equals(transactions.execute(status -> work.get())) ? 1 : 0;
    }

    private Optional<Job> lockedIfStill(long jobId, JobStatus status, Instant silentSince) {
        Optional<Job> job = jobs.findById(jobId);
        job.ifPresent(j -> pipelines.lock(j.pipelineId()));
        return job.flatMap(j -> jobs.findById(jobId))
                .filter(j -> j.status() == status)
                .filter(j ->
                        j.runnerContactedAt() == null || j.runnerContactedAt().isBefore(silentSince));
    }

    private boolean failSilent(long jobId, Instant silentSince) {
        Optional<Job> job = lockedIfStill(jobId, JobStatus.RUNNING, silentSince);
        if (job.isEmpty()) {
            return false;
        }
        // The line goes first: finishing the job ends its live readers, who should see why.
        traces.appendSystemLine(
                jobId,
                "ERROR: Job failed (system failure): its runner sent no update for "
                        + Durations.goStyle(settings.runnerContactTimeout())
                        + "; the runner may have stopped or lost its connection to this server");
        return change(job.get(), JobStatus.FAILED, FailureReason.RUNNER_SYSTEM_FAILURE, null);
    }

    private boolean startScheduled(long jobId) {
        Optional<Job> job = jobs.findById(jobId);
        if (job.isEmpty()) {
            return false;
        }
        pipelines.lock(job.get().pipelineId());
        Job current = jobs.findById(jobId).orElseThrow();
        return current.status() == JobStatus.SCHEDULED && change(current, JobStatus.PENDING, null, null);
    }

    private boolean takeBack(Job job, Instant unconfirmedSince) {
        pipelines.lock(job.pipelineId());
        if (!jobs.unassign(job.id(), job.runnerId(), unconfirmedSince)) {
            return false;
        }
        LOG.info("job {}: runner {} never confirmed it; it is back in the queue", job.id(), job.runnerId());
        AfterCommit.run(queue::signal);
        return true;
    }

    private boolean finishCancellation(long jobId, Instant cancelingSince) {
        Optional<Job> job = lockedIfStill(jobId, JobStatus.CANCELING, cancelingSince);
        if (job.isEmpty()) {
            return false;
        }
        traces.appendSystemLine(jobId, "The runner did not confirm the cancellation; canceled anyway.");
        return change(job.get(), JobStatus.CANCELED, null, null);
    }

    private boolean change(Job job, JobStatus next, FailureReason reason, Integer exitCode) {
        if (!transition(job, next, reason, exitCode)) {
            return false;
        }
        if (next == JobStatus.FAILED
                && reason != null
                && job.spec().retry().retries(attempts(job), reason.wireName(), exitCode)) {
            LOG.info("job {} failed ({}); retrying it as its retry: asks", job.id(), reason.wireName());
            retry(jobs.findById(job.id()).orElseThrow(), job.userId());
            return true;
        }
        process(job.pipelineId());
        return true;
    }

    /** Moves the job on, leaving the rest of its pipeline as it is; false when it had moved on already. */
    private boolean transition(Job job, JobStatus next, FailureReason reason, Integer exitCode) {
        if (!job.status().canTransitionTo(next)) {
            throw new IllegalStateException(
                    "job " + job.id() + ": " + job.status() + " -> " + next + " is not a" + " valid transition");
        }
        pipelines.lock(job.pipelineId());
        if (!jobs.transition(job.id(), job.status(), next, reason, exitCode, clock.instant())) {
            return false;
        }
        LOG.debug("job {} {} -> {}", job.id(), job.status().wireName(), next.wireName());
        if (next.complete()) {
            traces.endLive(job.id());
        }
        return true;
    }

    /** How many times this job has run: this attempt and the ones it retried. */
    private int attempts(Job job) {
        int attempts = 1;
        Long previous = job.retryOf();
        while (previous != null && attempts < 10) {
            attempts++;
            previous = jobs.findById(previous).map(Job::retryOf).orElse(null);
        }
        return attempts;
    }

    /** Starts, skips or holds the jobs whose earlier stages are done, and updates the pipeline's status. */
    private void process(long pipelineId) {
        pipelines.lock(pipelineId);
        var now = clock.instant();
        List<Job> current = jobs.forPipeline(pipelineId);
        Map<Long, JobStatus> decisions = StageProgression.decide(current);
        boolean anyPending = false;
        for (var decision : decisions.entrySet()) {
            if (jobs.transition(decision.getKey(), JobStatus.CREATED, decision.getValue(), null, null, now)) {
                anyPending |= decision.getValue() == JobStatus.PENDING;
                if (decision.getValue() == JobStatus.SCHEDULED) {
                    current.stream()
                            .filter(j -> j.id() == decision.getKey())
                            .findFirst()
                            .ifPresent(j -> jobs.schedule(
                                    j.id(), now.plusSeconds(j.spec().startInSeconds())));
                }
            }
        }
        List<Job> after = decisions.isEmpty() ? current : jobs.forPipeline(pipelineId);
        updatePipelineStatus(pipelineId, after, now);
        if (anyPending || after.stream().anyMatch(j -> j.status() == JobStatus.PENDING)) {
            AfterCommit.run(queue::signal);
        }
    }

    private void updatePipelineStatus(long pipelineId, List<Job> current, Instant now) {
        Pipeline pipeline = pipelines.findById(pipelineId).orElseThrow();
        PipelineStatus status = PipelineStatusRule.derive(current);
        Instant started = current.stream()
                .filter(j -> !j.retried())
                .map(Job::startedAt)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(pipeline.startedAt());
        Instant finished = status.complete() ? now : null;
        if (status != pipeline.status()
                || !Objects.equals(started, pipeline.startedAt())
                || status.complete() != (pipeline.finishedAt() != null)) {
            pipelines.updateStatus(
                    pipelineId,
                    status,
                    started,
                    status.complete() && pipeline.finishedAt() != null && status == pipeline.status()
                            ? pipeline.finishedAt()
                            : finished,
                    now);
        }
    }
}
