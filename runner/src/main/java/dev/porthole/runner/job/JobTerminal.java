package dev.porthole.runner.job;

import dev.porthole.runner.executor.Executor;
import dev.porthole.runner.session.EndReason;
import dev.porthole.runner.session.HoldOutcome;
import dev.porthole.runner.session.TerminalSession;
import dev.porthole.runner.trace.JobTrace;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A job's side of its terminal session: offers the executor's terminal to the session, closes the terminal when
 * the job is stopped, keeps the job waiting after its scripts while a terminal is connected (with GitLab's lines in
 * the job's log), and ends the session with the job.
 */
final class JobTerminal {
    private final TerminalSession session;
    private final JobTrace trace;
    private final CompletableFuture<StopReason> stop;

    JobTerminal(TerminalSession session, JobTrace trace, CompletableFuture<StopReason> stop) {
        this.session = session;
        this.trace = trace;
        this.stop = stop;
        // On its own thread: ending waits for the terminal's processes, and the stop may come from any thread.
        stop.thenAcceptAsync(
                reason -> session.end(endReason(reason), message(reason)),
                task -> Thread.ofVirtual().name("terminal-stop").start(task));
    }

    /** Connections that wait for the job's terminal go on now. */
    void attach(Executor executor, Map<String, String> environment) {
        executor.terminal(environment).ifPresent(session::attach);
    }

    /**
     * When a terminal is connected after the scripts, the job waits until it disconnects, for at most
     * {@code session_timeout} and never past the job's own timeout.
     *
     * @param succeeded what the job will report, which the terminal's client is told
     */
    void holdAfterScripts(boolean succeeded, Duration jobTimeLeft) throws InterruptedException {
        if (stop.isDone() || !session.connected()) {
            return;
        }
        Duration limit = session.timeout().compareTo(jobTimeLeft) < 0 ? session.timeout() : jobTimeLeft;
        if (limit.isNegative() || limit.isZero()) {
            return;
        }
        // As Go's Duration.Round(time.Second) prints it.
        String shown = GoDuration.format(Duration.ofSeconds(Math.round(limit.toMillis() / 1000.0)));
        trace.info("Terminal is connected, will time out in " + shown + "...");
        switch (session.hold(succeeded ? "success" : "failed", limit, stop)) {
            case HoldOutcome.Disconnected disconnected -> trace.info("Terminal disconnected");
            case HoldOutcome.NotConnected notConnected -> trace.info("Terminal disconnected");
            case HoldOutcome.TimedOut timedOut -> {
                String message = "terminal session timed out (maximum time allowed - " + shown + ")";
                trace.info(message);
                session.disconnect(EndReason.SESSION_TIMEOUT, message);
            }
            case HoldOutcome.Stopped stopped -> {
                // the stop closes the terminal
            }
        }
    }

    /** A debug hold ended: a terminal still connected is closed with the reason. */
    void endDebugHold(boolean released) {
        session.disconnect(
                EndReason.DEBUG_HOLD_ENDED, released ? "the debug hold was released" : "the debug hold is over");
    }

    /** The job is over: no terminal connects anymore, and a connected one is closed. */
    void end() {
        session.end(EndReason.JOB_ENDED, "the job ended");
    }

    private static EndReason endReason(StopReason reason) {
        return switch (reason) {
            case CANCELED -> EndReason.JOB_CANCELED;
            case TIMED_OUT -> EndReason.JOB_TIMED_OUT;
            case SHUTDOWN -> EndReason.RUNNER_STOPPING;
            case ABORTED -> EndReason.JOB_ENDED;
        };
    }

    private static String message(StopReason reason) {
        return switch (reason) {
            case CANCELED -> "the job was canceled";
            case TIMED_OUT -> "the job timed out";
            case SHUTDOWN -> "the runner is stopping";
            case ABORTED -> "the server dropped the job";
        };
    }
}
