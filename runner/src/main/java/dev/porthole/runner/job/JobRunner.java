package dev.porthole.runner.job;

import dev.porthole.protocol.runnerapi.DebugHold;
import dev.porthole.protocol.runnerapi.FailureReasons;
import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.protocol.runnerapi.JobStep;
import dev.porthole.protocol.runnerapi.JobVariable;
import dev.porthole.protocol.runnerapi.UpdateJobRequest;
import dev.porthole.runner.client.RemoteJobState;
import dev.porthole.runner.client.UpdateResult;
import dev.porthole.runner.executor.Executor;
import dev.porthole.runner.executor.ExecutorException;
import dev.porthole.runner.executor.ScriptStep;
import dev.porthole.runner.executor.StepResult;
import dev.porthole.runner.session.TerminalSession;
import dev.porthole.runner.sources.GitSources;
import dev.porthole.runner.trace.JobTrace;
import dev.porthole.runner.trace.SecretMasker;
import dev.porthole.runner.trace.TraceUploader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job from start to end. It reads top to bottom: start the log, prepare the executor, get the sources, run
 * the script, hold a failed job for debugging when it asks, run after_script, wait for a connected terminal, report
 * the outcome, clean up. One future,
 * {@link #stop}, is the single source of cancellation: the job's timeout, the server's cancel and the runner's
 * shutdown all complete it (and close the job's terminal).
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration FINAL_UPDATE_PATIENCE = Duration.ofMinutes(5);
    private static final Duration TRACE_FLUSH_PATIENCE = Duration.ofMinutes(2);

    private final JobSetup setup;
    private final JobPayload job;
    private final CompletableFuture<StopReason> stop = new CompletableFuture<>();
    private final JobTrace trace;
    private final TraceUploader uploader;
    private final Optional<JobTerminal> terminal;
    /** Set while the failed job is held for debugging: its keep-alives say so. */
    private volatile DebugHoldWait debugHold;

    private volatile boolean wasHeld;

    public JobRunner(JobSetup setup, JobPayload job) {
        this(setup, job, Optional.empty());
    }

    /** @param session the terminal session announced with the job request that brought this job, if any */
    public JobRunner(JobSetup setup, JobPayload job, Optional<TerminalSession> session) {
        this.setup = setup;
        this.job = job;
        this.trace = new JobTrace(masker(job), setup.entry().outputLimitBytes());
        this.uploader =
                new TraceUploader(setup.client(), job.id(), job.token(), trace, new RemoteListener(), this::keepAlive);
        this.terminal = session.map(s -> new JobTerminal(s, trace, stop));
    }

    public long jobId() {
        return job.id();
    }

    /** Stops the job because the runner is shutting down; it is reported as a system failure. */
    public void stopForShutdown() {
        stop.complete(StopReason.SHUTDOWN);
    }

    /** Runs the job and reports its outcome to the server; never throws. */
    public JobOutcome run() {
        uploader.start();
        var timeout = Duration.ofSeconds(job.runnerInfo().timeout());
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread timer = Thread.ofVirtual().name("timeout-" + job.id()).start(() -> expireAfter(timeout));
        JobOutcome outcome;
        try {
            outcome = execute(timeout, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new JobOutcome.SystemFailed("the runner was interrupted");
        } catch (RuntimeException e) {
            LOG.error("job {} failed in the runner", job.id(), e);
            outcome = new JobOutcome.SystemFailed("the runner failed: " + e);
        } finally {
            timer.interrupt();
        }
        writeResult(outcome);
        report(outcome);
        LOG.info("job {} finished: {}", job.id(), outcome);
        return outcome;
    }

    private JobOutcome execute(Duration timeout, long deadline) throws InterruptedException {
        trace.line("Running with porthole-runner " + setup.info().version());
        trace.line("  on " + setup.entry().name() + " " + setup.entry().shortToken() + ", system ID: "
                + setup.info().platform() + "/" + setup.info().architecture());
        Path projectDir = setup.buildsDir()
                .resolve(setup.entry().shortToken())
                .resolve(Integer.toString(setup.concurrentId()))
                .resolve(job.jobInfo().projectFullPath());
        Path tmpDir = projectDir.resolveSibling(projectDir.getFileName() + ".tmp");
        Map<String, String> variables = variables(projectDir);

        trace.sectionStart(
                "prepare_executor", "Preparing the \"" + setup.entry().executor() + "\" executor");
        Path jobRoot =
                setup.buildsDir().resolve(setup.entry().shortToken()).resolve(Integer.toString(setup.concurrentId()));
        try (Executor executor = ExecutorChoice.of(setup, job, jobRoot, projectDir, tmpDir, variables, trace)) {
            try {
                JobOutcome outcome = stages(executor, projectDir, tmpDir, variables, timeout);
                if (terminal.isPresent() && !(outcome instanceof JobOutcome.Aborted) && !wasHeld) {
                    terminal.get()
                            .holdAfterScripts(
                                    outcome instanceof JobOutcome.Succeeded,
                                    Duration.ofNanos(deadline - System.nanoTime()));
                }
                return outcome;
            } finally {
                // Before the executor removes the job's files: no terminal outlives the job.
                terminal.ifPresent(JobTerminal::end);
            }
        } catch (ExecutorException e) {
            return new JobOutcome.SystemFailed(e.getMessage());
        }
    }

    private JobOutcome stages(
            Executor executor, Path projectDir, Path tmpDir, Map<String, String> jobVariables, Duration timeout)
            throws ExecutorException, InterruptedException {
        executor.prepare();
        Map<String, String> variables = writeFileVariables(jobVariables, tmpDir);
        trace.sectionEnd("prepare_executor");
        terminal.ifPresent(t -> t.attach(executor, variables));

        trace.sectionStart("get_sources", "Getting source from Git repository");
        try {
            new GitSources(trace, stop).fetch(job.gitInfo(), projectDir);
        } catch (GitSources.SourcesException e) {
            return new JobOutcome.SystemFailed("getting the sources failed: " + e.getMessage());
        } catch (GitSources.StoppedException e) {
            return stopped(timeout);
        } finally {
            trace.sectionEnd("get_sources");
        }

        var files = new JobFiles(setup, job, trace, projectDir, tmpDir, variables);
        files.restoreCaches();
        Optional<String> missing = files.downloadDependencies();
        if (missing.isPresent()) {
            return new JobOutcome.SystemFailed(missing.get());
        }

        Optional<JobStep> script = step(JobStep.SCRIPT);
        JobOutcome outcome = new JobOutcome.Succeeded();
        if (script.isPresent()) {
            trace.sectionStart("step_script", "Executing \"step_script\" stage of the job script");
            StepResult result =
                    executor.run(new ScriptStep("script", script.get().script(), variables, timeout, stop));
            trace.sectionEnd("step_script");
            outcome = switch (result) {
                case StepResult.Exited exited when exited.code() == 0 -> new JobOutcome.Succeeded();
                case StepResult.Exited exited -> new JobOutcome.ScriptFailed(exited.code());
                case StepResult.TimedOut timedOut -> timedOut(timeout);
                case StepResult.Stopped stopped -> stopped(timeout);
            };
            if (outcome instanceof JobOutcome.ScriptFailed failed) {
                outcome = holdForDebugging(failed, variables, timeout);
            }
        }
        if (!(outcome instanceof JobOutcome.Aborted) && !(outcome instanceof JobOutcome.SystemFailed)) {
            runAfterScript(executor, variables, outcome);
        }
        return keepFiles(files, outcome);
    }

    /**
     * Keeps a failed job's environment (build directory, container, terminal session) for as long as
     * {@value DebugHold#VARIABLE} asks, before after_script can tidy anything away. The job's own timeout no longer
     * applies: the hold is its own limit, which the server caps.
     */
    private JobOutcome holdForDebugging(JobOutcome.ScriptFailed failed, Map<String, String> variables, Duration timeout)
            throws InterruptedException {
        String asked = variables.getOrDefault(DebugHold.VARIABLE, "").strip();
        if (asked.isEmpty() || stop.isDone()) {
            return failed;
        }
        Optional<Duration> duration = DebugHold.parseDuration(asked);
        if (duration.isEmpty()) {
            trace.warning(DebugHold.VARIABLE + " is \"" + asked
                    + "\", not a duration such as 15m or 1h30m: the job is not held for debugging");
            return failed;
        }
        if (terminal.isEmpty()) {
            trace.warning(DebugHold.VARIABLE + " is set, but this runner has no [session_server] in its config.toml,"
                    + " so nobody could open a terminal into the job: it is not held for debugging");
            return failed;
        }
        DebugHoldWait hold = new DebugHoldWait(duration.get(), failed.exitCode());
        debugHold = hold;
        wasHeld = true;
        // The server hears of the hold first: it may cut it to the administrator's maximum, and the log says the
        // length that holds.
        if (keepAlive() instanceof UpdateResult.Accepted accepted) {
            new RemoteListener().onRemoteState(accepted.state());
        }
        trace.error("Job failed (exit code " + failed.exitCode() + "); held for debugging for "
                + GoDuration.format(hold.remaining()));
        DebugHoldWait.End end = hold.await(
                stop, left -> trace.info("The debug hold was extended: it ends in " + GoDuration.format(left)));
        debugHold = null;
        switch (end) {
            case DebugHoldWait.End.Released released -> trace.info("The debug hold was released");
            case DebugHoldWait.End.Expired expired -> trace.info("The debug hold is over: its time ran out");
            case DebugHoldWait.End.Stopped stopped -> {
                return stopped(timeout); // the stop closes the terminal and says why
            }
        }
        terminal.get().endDebugHold(end instanceof DebugHoldWait.End.Released);
        return failed;
    }

    /** Caches and artifacts after a job that ran to its end; a canceled or aborted job leaves nothing. */
    private JobOutcome keepFiles(JobFiles files, JobOutcome outcome) throws InterruptedException {
        boolean ranToEnd = outcome instanceof JobOutcome.Succeeded
                || outcome instanceof JobOutcome.ScriptFailed
                || outcome instanceof JobOutcome.TimedOut;
        if (!ranToEnd) {
            return outcome;
        }
        boolean succeeded = outcome instanceof JobOutcome.Succeeded;
        files.saveCaches(succeeded);
        Optional<String> uploadFailed = files.uploadArtifacts(succeeded);
        return uploadFailed.isPresent() && succeeded ? new JobOutcome.SystemFailed(uploadFailed.get()) : outcome;
    }

    private void runAfterScript(Executor executor, Map<String, String> variables, JobOutcome outcome)
            throws ExecutorException, InterruptedException {
        Optional<JobStep> afterScript = step(JobStep.AFTER_SCRIPT);
        if (afterScript.isEmpty() || afterScript.get().script().isEmpty()) {
            return;
        }
        Map<String, String> env = new LinkedHashMap<>(variables);
        env.put(
                "CI_JOB_STATUS",
                outcome instanceof JobOutcome.Succeeded
                        ? "success"
                        : outcome instanceof JobOutcome.Canceled ? "canceled" : "failed");
        // Only an abort or a shutdown stops after_script: it runs after a cancel or a timeout on purpose.
        CompletableFuture<StopReason> hardStop = new CompletableFuture<>();
        stop.thenAccept(reason -> {
            if (reason == StopReason.ABORTED || reason == StopReason.SHUTDOWN) {
                hardStop.complete(reason);
            }
        });
        trace.sectionStart("after_script", "Running after_script");
        trace.line("Running after script...");
        StepResult result = executor.run(
                new ScriptStep("after_script", afterScript.get().script(), env, setup.afterScriptTimeout(), hardStop));
        trace.sectionEnd("after_script");
        switch (result) {
            case StepResult.Exited exited when exited.code() == 0 -> {}
            case StepResult.Exited exited ->
                trace.warning("after_script failed, but job will continue unaffected: exit code " + exited.code());
            case StepResult.TimedOut timedOut ->
                trace.warning("after_script timed out after " + GoDuration.format(setup.afterScriptTimeout())
                        + ", but job will continue unaffected");
            case StepResult.Stopped stopped -> trace.warning("after_script was stopped");
        }
    }

    private JobOutcome stopped(Duration timeout) {
        StopReason reason = stop.getNow(StopReason.ABORTED);
        return switch (reason) {
            case CANCELED -> new JobOutcome.Canceled();
            case ABORTED -> new JobOutcome.Aborted("the server dropped the job");
            case TIMED_OUT -> timedOut(timeout);
            case SHUTDOWN -> new JobOutcome.SystemFailed("the runner is shutting down");
        };
    }

    private static JobOutcome timedOut(Duration timeout) {
        return new JobOutcome.TimedOut(GoDuration.format(timeout));
    }

    private void expireAfter(Duration timeout) {
        try {
            if (!stop.isDone()) {
                stop.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            if (debugHold == null && !wasHeld) {
                stop.complete(StopReason.TIMED_OUT);
            }
        } catch (InterruptedException | ExecutionException e) {
            // the job ended first
        }
    }

    private Optional<JobStep> step(String name) {
        return job.steps().stream().filter(s -> name.equals(s.name())).findFirst();
    }

    private Map<String, String> variables(Path projectDir) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> raw = new HashSet<>();
        for (JobVariable variable : job.variables()) {
            values.put(variable.key(), variable.value() == null ? "" : variable.value());
            if (variable.raw()) {
                raw.add(variable.key());
            }
        }
        values.put("CI_PROJECT_DIR", projectDir.toString());
        values.put("CI_BUILDS_DIR", setup.buildsDir().toString());
        values.put("CI_CONCURRENT_ID", Integer.toString(setup.concurrentId()));
        values.put("CI_CONCURRENT_PROJECT_ID", Integer.toString(setup.concurrentId()));
        values.put("CI_RUNNER_SHORT_TOKEN", setup.entry().shortToken());
        values.put("CI_RUNNER_VERSION", setup.info().version());
        values.put("CI_RUNNER_REVISION", setup.info().revision());
        values.put(
                "CI_RUNNER_EXECUTABLE_ARCH",
                setup.info().platform() + "/" + setup.info().architecture());
        for (String entry : setup.entry().environment()) {
            int equals = entry.indexOf('=');
            values.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return VariableExpansion.expand(values, raw);
    }

    /** File-type variables become files in the job's temporary folder; the variable holds the path. */
    private Map<String, String> writeFileVariables(Map<String, String> variables, Path tmpDir)
            throws ExecutorException {
        Map<String, String> result = new LinkedHashMap<>(variables);
        for (JobVariable variable : job.variables()) {
            if (!variable.file()) {
                continue;
            }
            Path file = tmpDir.resolve(variable.key());
            try {
                Files.writeString(file, variables.getOrDefault(variable.key(), ""), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ExecutorException(
                        "cannot write the file variable " + variable.key() + ": " + e.getMessage(), e);
            }
            result.put(variable.key(), file.toString());
        }
        return result;
    }

    private void writeResult(JobOutcome outcome) {
        trace.line("");
        switch (outcome) {
            case JobOutcome.Succeeded succeeded -> trace.info("Job succeeded");
            case JobOutcome.ScriptFailed failed -> trace.error("Job failed: exit code " + failed.exitCode());
            case JobOutcome.TimedOut timedOut ->
                trace.error("Job failed: execution took longer than " + timedOut.timeout() + " seconds");
            case JobOutcome.Canceled canceled -> trace.error("Job failed: canceled");
            case JobOutcome.SystemFailed failed -> trace.error("Job failed (system failure): " + failed.message());
            case JobOutcome.Aborted aborted -> {}
        }
        trace.finish();
    }

    /** Sends the rest of the log, then the final state, retrying while the server cannot be reached. */
    private void report(JobOutcome outcome) {
        try {
            boolean complete = uploader.finish(TRACE_FLUSH_PATIENCE);
            if (outcome instanceof JobOutcome.Aborted || uploader.aborted()) {
                return;
            }
            if (!complete) {
                LOG.warn("job {}: the server did not take the whole log; reporting the outcome anyway", job.id());
            }
            UpdateJobRequest request = finalRequest(outcome);
            long deadline = System.nanoTime() + FINAL_UPDATE_PATIENCE.toNanos();
            long pause = 1;
            while (true) {
                UpdateResult result = setup.client().updateJob(job.id(), request);
                if (!(result instanceof UpdateResult.Failed failed)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    LOG.error("job {}: could not report its outcome to the server: {}", job.id(), failed.reason());
                    return;
                }
                TimeUnit.SECONDS.sleep(pause);
                pause = Math.min(pause * 2, 30);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private UpdateJobRequest finalRequest(JobOutcome outcome) {
        String state = outcome instanceof JobOutcome.Succeeded ? "success" : "failed";
        String reason = switch (outcome) {
            case JobOutcome.ScriptFailed failed -> FailureReasons.SCRIPT_FAILURE;
            case JobOutcome.TimedOut timedOut -> FailureReasons.JOB_EXECUTION_TIMEOUT;
            case JobOutcome.SystemFailed failed -> FailureReasons.RUNNER_SYSTEM_FAILURE;
            default -> null;
        };
        Integer exitCode = outcome instanceof JobOutcome.ScriptFailed failed ? failed.exitCode() : null;
        String checksum = trace.checksum();
        return new UpdateJobRequest(
                setup.info(),
                job.token(),
                state,
                reason,
                exitCode,
                checksum,
                new UpdateJobRequest.TraceOutput(checksum, trace.length()),
                null);
    }

    private UpdateResult keepAlive() throws InterruptedException {
        return setup.client()
                .updateJob(
                        job.id(),
                        UpdateJobRequest.running(
                                setup.info(), job.token(), debugHold == null ? null : debugHold.report()));
    }

    private static SecretMasker masker(JobPayload job) {
        List<String> secrets = new ArrayList<>();
        for (JobVariable variable : job.variables()) {
            if (variable.masked() && variable.value() != null) {
                secrets.add(variable.value());
            }
        }
        secrets.add(job.token());
        List<String> prefixes = job.features() == null || job.features().tokenMaskPrefixes() == null
                ? List.of()
                : job.features().tokenMaskPrefixes();
        return new SecretMasker(secrets, prefixes);
    }

    /** Turns what the server says about the job into stop requests. */
    private final class RemoteListener implements TraceUploader.Listener {
        @Override
        public void onRemoteState(RemoteJobState state) {
            if (state.cancelRequested()) {
                if (stop.complete(StopReason.CANCELED)) {
                    trace.warning("The job was canceled; stopping it");
                }
            } else if (state.abortRequested()) {
                stop.complete(StopReason.ABORTED);
            }
            // After the stop: a canceled job's hold also reads as over, and the cancel is what ends it.
            DebugHoldWait hold = debugHold;
            if (hold != null) {
                state.debugHoldRemaining().ifPresent(hold::serverSays);
            }
        }

        @Override
        public void onAborted(String reason) {
            LOG.info("job {}: {}; stopping it", job.id(), reason);
            stop.complete(StopReason.ABORTED);
        }
    }
}
