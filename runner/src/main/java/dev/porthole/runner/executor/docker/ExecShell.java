package dev.porthole.runner.executor.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecStartCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import dev.porthole.runner.executor.EchoedCommands;
import dev.porthole.runner.terminal.TerminalProcess;
import dev.porthole.runner.terminal.TerminalSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A login shell in the job's container through {@code docker exec} with a TTY; see {@link TerminalProcess} for the
 * contract. Output and input cross OS pipes, so a reader that stops reading stops the engine's stream
 * (backpressure), and any thread may write.
 */
final class ExecShell implements TerminalProcess {
    private static final byte EOT = 0x04;
    private static final Duration RESIZE_PATIENCE = Duration.ofSeconds(5);

    private final ContainerExec exec;
    private final String shell;
    private final String execId;
    private final String pidFile;
    private final Duration grace;
    private final InputStream output;
    private final OutputStream outputSink;
    private final OutputStream input;
    private final ContainerExec.Stream stream;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ExecShell(
            ContainerExec exec, String shell, String execId, String pidFile, Duration grace, TerminalSize size)
            throws IOException {
        this.exec = exec;
        this.shell = shell;
        this.execId = execId;
        this.pidFile = pidFile;
        this.grace = grace;
        Pipe out = Pipe.open();
        this.output = Channels.newInputStream(out.source());
        this.outputSink = Channels.newOutputStream(out.sink());
        Pipe in = Pipe.open();
        this.input = Channels.newOutputStream(in.sink());
        var started = exec.docker().execStartCmd(execId).withTty(true).withStdIn(Channels.newInputStream(in.source()));
        this.stream = startStream(started);
        resizeOnceRunning(size);
    }

    /**
     * Starts {@code shell -l} in the container, writing its pid to {@code pidFile} first.
     *
     * @param environment {@code KEY=value} entries: the job's variables as its script had them, and {@code TERM}
     */
    static ExecShell start(
            ContainerExec exec,
            String shell,
            String user,
            String workingDir,
            List<String> environment,
            String pidFile,
            Duration grace,
            TerminalSize size)
            throws IOException {
        try {
            var create = exec.docker()
                    .execCreateCmd(exec.containerId())
                    .withCmd(
                            shell,
                            "-c",
                            "echo $$ > " + EchoedCommands.quoted(pidFile) + "; exec " + EchoedCommands.quoted(shell)
                                    + " -l")
                    .withTty(true)
                    .withAttachStdin(true)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withEnv(environment)
                    .withWorkingDir(workingDir);
            if (user != null) {
                create.withUser(user);
            }
            return new ExecShell(exec, shell, create.exec().getId(), pidFile, grace, size);
        } catch (DockerException | IllegalStateException e) {
            throw new IOException("docker exec in the job's container failed: " + ImagePuller.reason(e), e);
        }
    }

    private ContainerExec.Stream startStream(ExecStartCmd started) {
        var done = new CompletableFuture<Void>();
        var callback = new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                try {
                    outputSink.write(frame.getPayload());
                } catch (IOException e) {
                    // nobody reads anymore: the terminal is closing
                }
            }

            @Override
            public void onComplete() {
                ended();
                done.complete(null);
                super.onComplete();
            }

            @Override
            public void onError(Throwable throwable) {
                ended();
                done.completeExceptionally(throwable);
                super.onError(throwable);
            }
        };
        started.exec(callback);
        return new ContainerExec.Stream(done, callback);
    }

    /** The stream ended: the reader sees the end of output, then the exit code. */
    private void ended() {
        closeQuietly(outputSink);
        Thread.ofVirtual().name("exec-exit-" + execId.substring(0, 12)).start(() -> {
            try {
                exited.complete(exec.exitCode(execId));
            } catch (InterruptedException | RuntimeException e) {
                exited.complete(-1);
            }
        });
    }

    /** A TTY exec starts at 0x0 and can only be resized once it runs. */
    private void resizeOnceRunning(TerminalSize size) throws IOException {
        long deadline = System.nanoTime() + RESIZE_PATIENCE.toNanos();
        while (true) {
            try {
                resize(size);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || exited.isDone()) {
                    throw e;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while sizing the terminal", interrupted);
                }
            }
        }
    }

    @Override
    public InputStream output() {
        return output;
    }

    @Override
    public OutputStream input() {
        return input;
    }

    @Override
    public void resize(TerminalSize size) throws IOException {
        try {
            // The engine takes the height first.
            exec.docker()
                    .resizeExecCmd(execId)
                    .withSize(size.rows(), size.columns())
                    .exec();
        } catch (DockerException | IllegalStateException e) {
            throw new IOException("resizing the terminal failed: " + ImagePuller.reason(e), e);
        }
    }

    @Override
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            if (!exited.isDone()) {
                try {
                    input.write(EOT);
                    input.flush();
                } catch (IOException e) {
                    // the terminal is gone already
                }
                waitForExit(grace);
            }
            // Also after the shell exited: what it left running in its session goes too.
            exec.killSession(shell, pidFile);
            waitForExit(grace);
            closeQuietly(input);
            stream.close();
            closeQuietly(outputSink);
            exited.complete(137);
        } finally {
            closed.countDown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to do
        }
    }
}
