package dev.porthole.runner.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * One running interactive shell and its terminal. {@link #output()} is read by one thread and {@link #input()}
 * written by one thread; {@link #close()} may come from any thread, once or more.
 */
public interface TerminalProcess extends AutoCloseable {
    /** What the terminal prints; ends when the shell and everything it left holding the terminal are gone. */
    InputStream output();

    /**
     * The most bytes one read of {@link #output()} should ask for. What a read asks for may cost even when far less
     * arrives, so each kind of terminal says what suits it.
     */
    default int readChunk() {
        return 32 * 1024;
    }

    /** What is typed into the terminal. */
    OutputStream input();

    /** Changes the terminal's size; the shell's foreground program is told (SIGWINCH). */
    void resize(TerminalSize size) throws IOException;

    /** Completes with the shell's exit code (128 + n after signal n) when it exits. */
    CompletableFuture<Integer> exited();

    /**
     * Ends the shell: sends EOT (0x04), gives it a short grace to exit, then kills every process it started.
     * Blocks until that is done; never throws.
     */
    @Override
    void close();
}
