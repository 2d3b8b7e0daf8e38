package dev.porthole.runner.terminal;

import java.io.IOException;

/**
 * What an executor offers a job's session: a way to start a new interactive shell in the job's environment. Each
 * terminal connection starts its own.
 */
@FunctionalInterface
public interface InteractiveTerminal {
    /** Starts a new shell whose terminal has this size. */
    TerminalProcess start(TerminalSize size) throws IOException;
}
