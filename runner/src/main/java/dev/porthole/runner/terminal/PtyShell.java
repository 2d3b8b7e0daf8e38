package dev.porthole.runner.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import dev.porthole.runner.process.ProcessTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A shell on a pty4j PTY; see {@link TerminalProcess} for the contract. */
final class PtyShell implements TerminalProcess {
    private static final Logger LOG = LoggerFactory.getLogger(PtyShell.class);
    private static final byte EOT = 0x04;
    /**
     * Linux hands out a PTY's output at most about 4 KiB per read, while pty4j allocates, and JNA copies in and out,
     * as many bytes as a read asks for: asking for 32 KiB made every keystroke's echo cost 64 KiB of copying and 32
     * KiB of garbage, which at a thousand terminals kept the runner collecting.
     */
    private static final int READ_CHUNK = 4096;

    /** Runs what follows a shell's exit: waiting for its session's processes to go takes up to seconds. */
    private static final Executor EXITS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("shell-exit-", 0).factory());

    private final PtyProcess process;
    private final PtyOutput output;
    private final long pid;
    private final Duration grace;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    PtyShell(PtyProcess process, Duration grace) {
        this.process = process;
        this.output = PtyOutput.of(process);
        this.pid = process.pid();
        this.grace = grace;
        // No thread of its own: the JDK already waits for each child it started, and the shell's exit reaches this
        // through that wait. A thread per shell blocked in waitFor() was one more stack for every collection to scan,
        // a thousand more at a thousand terminals.
        ProcessHandle.of(pid)
                .map(ProcessHandle::onExit)
                .orElseGet(() -> CompletableFuture.completedFuture(null))
                .thenRunAsync(this::ended, EXITS);
    }

    private void ended() {
        try {
            // At once: the process has exited.
            int code = process.waitFor();
            // What the shell left in its session (background jobs) would hold the terminal open: they go with it.
            ProcessTree.killSession(pid, List.of());
            exited.complete(code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited.completeExceptionally(e);
        } catch (RuntimeException e) {
            exited.completeExceptionally(e);
        }
    }

    @Override
    public InputStream output() {
        return output;
    }

    @Override
    public int readChunk() {
        return READ_CHUNK;
    }

    @Override
    public OutputStream input() {
        return process.getOutputStream();
    }

    @Override
    public void resize(TerminalSize size) {
        process.setWinSize(new WinSize(size.columns(), size.rows()));
    }

    @Override
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            // Seen now, while they are still the shell's descendants: even one that left the session is found.
            List<ProcessHandle> known = new ArrayList<>();
            ProcessHandle.of(pid).ifPresent(shell -> {
                known.add(shell);
                known.addAll(ProcessTree.descendants(pid));
            });
            if (!exited.isDone()) {
                try {
                    OutputStream in = process.getOutputStream();
                    in.write(EOT);
                    in.flush();
                } catch (IOException e) {
                    // the terminal is gone already
                }
                waitForExit(grace);
            }
            killAll(known);
            process.destroyForcibly();
            waitForExit(grace);
            // Both close the PTY's master: not while the output is being read from it directly.
            output.close(() -> {
                closeQuietly(process.getOutputStream());
                closeQuietly(process.getInputStream());
            });
        } finally {
            closed.countDown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void killAll(List<ProcessHandle> known) {
        try {
            ProcessTree.killSession(pid, known);
        } catch (InterruptedException e) {
            // Killing must finish: try once more, then keep the interrupt for the caller.
            try {
                ProcessTree.killSession(pid, known);
            } catch (InterruptedException again) {
                LOG.warn("interrupted while killing the terminal's processes (session {})", pid);
            }
            Thread.currentThread().interrupt();
        }
    }

    private void waitForExit(Duration within) {
        try {
            exited.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // it gets killed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable stream) {
        try {
            stream.close();
        } catch (Exception e) {
            // nothing left to do
        }
    }
}
