package dev.porthole.runner.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Commands run in the job's container through {@code docker exec}. Each exec'd shell writes its pid to a file under
 * {@link #PID_DIR} (a tmpfs of the container's own), because the engine keeps exec'd processes running when their
 * client goes: killing one means killing, from another exec, every process of the session that pid leads (an exec's
 * process leads its own session, with or without a TTY).
 */
final class ContainerExec {
    /** A tmpfs in every job container, writable by any user, for pid files. */
    static final String PID_DIR = "/porthole";

    /**
     * Kills every process whose session is the one led by the pid in the file {@code $1}; POSIX sh only, so that it
     * works in any image with a shell. Field 4 after the command name in {@code /proc/<pid>/stat} is the session.
     */
    private static final String KILL_SESSION = """
            p=$(cat "$1" 2>/dev/null) || exit 0
            [ -n "$p" ] || exit 0
            for d in /proc/[0-9]*; do
              read -r s < "$d/stat" 2>/dev/null || continue
              set -- ${s##*\\) }
              [ "$4" = "$p" ] && kill -9 "${d#/proc/}" 2>/dev/null
            done
            exit 0
            """;

    private final DockerClient docker;
    private final String containerId;

    ContainerExec(DockerClient docker, String containerId) {
        this.docker = docker;
        this.containerId = containerId;
    }

    String containerId() {
        return containerId;
    }

    DockerClient docker() {
        return docker;
    }

    /** A short command's exit code and output (stdout and stderr together). */
    record Result(int code, String output) {}

    /** Runs a short command as {@code user} (null: the container's) and waits for it. */
    Result run(List<String> command, String user, Duration within) throws IOException, InterruptedException {
        var create = docker.execCreateCmd(containerId)
                .withCmd(command.toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true);
        if (user != null) {
            create.withUser(user);
        }
        String execId = create.exec().getId();
        var output = new ByteArrayOutputStream();
        var stream = start(execId, output::writeBytes);
        try {
            stream.done().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("`" + String.join(" ", command) + "` did not end within " + within.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw new IOException(
                    "`" + String.join(" ", command) + "` failed: "
                            + e.getCause().getMessage(),
                    e);
        } finally {
            stream.close();
        }
        return new Result(exitCode(execId), output.toString(StandardCharsets.UTF_8));
    }

    /** A started exec's output: each frame's bytes go to {@code output}; {@link #done()} completes at its end. */
    record Stream(CompletableFuture<Void> done, Closeable callback) implements Closeable {
        @Override
        public void close() {
            try {
                callback.close();
            } catch (IOException e) {
                // the stream is gone already
            }
        }
    }

    Stream start(String execId, Consumer<byte[]> output) {
        var done = new CompletableFuture<Void>();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                output.accept(frame.getPayload());
            }

            @Override
            public void onComplete() {
                done.complete(null);
                super.onComplete();
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
                super.onError(throwable);
            }
        };
        docker.execStartCmd(execId).exec(callback);
        return new Stream(done, callback);
    }

    /**
     * The exec's exit code once the engine knows it; the engine may say it is running for a moment after its stream
     * ended.
     */
    int exitCode(String execId) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            InspectExecResponse inspected = docker.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(inspected.isRunning()) && inspected.getExitCodeLong() != null) {
                return inspected.getExitCodeLong().intValue();
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return -1;
    }

    /** Kills the session led by the pid in {@code pidFile}, as root so that a user switch inside does not escape. */
    void killSession(String shell, String pidFile) {
        try {
            run(List.of(shell, "-c", KILL_SESSION, "kill-session", pidFile), "0", Duration.ofSeconds(20));
        } catch (IOException | RuntimeException e) {
            // the container is gone or stopping: its processes go with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
