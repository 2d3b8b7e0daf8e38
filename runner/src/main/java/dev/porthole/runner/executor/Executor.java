package dev.porthole.runner.executor;

import dev.porthole.runner.terminal.InteractiveTerminal;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a job's script steps somewhere: on this machine (shell), in a container (docker).
 *
 * <p><b>Call order.</b> {@link #prepare()} once, then {@link #run(ScriptStep)} for each step in turn, then
 * {@link #close()} exactly once, whatever happened before, including when {@code prepare} failed.
 *
 * <p><b>Threads.</b> All calls come from the job's own thread; a step is stopped by completing its
 * {@link ScriptStep#stop()} future, from any thread.
 *
 * <p><b>Errors.</b> A script that exits non-zero is a {@link StepResult.Exited} with that code, not an exception;
 * {@link ExecutorException} means the executor could not do its part (a system failure).
 */
public interface Executor extends AutoCloseable {
    /** Makes the environment ready: directories, containers. */
    void prepare() throws ExecutorException;

    /** Runs one step and waits for it. */
    StepResult run(ScriptStep step) throws ExecutorException, InterruptedException;

    /**
     * The job's interactive terminal: each connection gets a new shell where the job's script runs, with
     * {@code environment} as the script's; empty when this executor offers none. Asked after {@link #prepare()}.
     */
    default Optional<InteractiveTerminal> terminal(Map<String, String> environment) {
        return Optional.empty();
    }

    /** Removes what this job left behind. Never throws: failures are logged. */
    @Override
    void close();
}
