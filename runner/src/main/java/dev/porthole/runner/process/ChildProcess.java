package dev.porthole.runner.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a command in a new session and process group ({@code setsid}), streams its merged stdout and stderr to a
 * consumer as it arrives, and waits for it, for a stop request, or for a deadline, whichever comes first.
 */
public final class ChildProcess {
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final int READ_BUFFER = 8192;

    /** How a process ended. */
    public sealed interface Outcome {
        /** It exited on its own. */
        record Exited(int code) implements Outcome {}

        /** It ran past its deadline and was killed. */
        record TimedOut() implements Outcome {}

        /** It was stopped from outside and killed. */
        record Stopped() implements Outcome {}
    }

    private ChildProcess() {}

    /**
     * Runs {@code command} in {@code directory} with exactly {@code environment}.
     *
     * @param stop completing it kills the process
     * @param killLeftovers after a normal exit, also kill what the process left running in its group (a script's
     *     background jobs); costs a {@code kill} process, so tools that leave nothing behind (git) skip it
     */
    public static Outcome run(
            List<String> command,
            Path directory,
            Map<String, String> environment,
            Consumer<byte[]> output,
            Duration timeout,
            CompletableFuture<?> stop,
            boolean killLeftovers)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        full.add("setsid");
        full.addAll(command);
        var builder = new ProcessBuilder(full).directory(directory.toFile()).redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        // A platform thread: reading a pipe blocks in native code and keeps a virtual thread's carrier, and with 256
        // jobs running (the scheduler's most carriers) the runner's other virtual threads stopped altogether.
        Thread reader = Thread.ofPlatform()
                .daemon()
                .name("output-" + process.pid())
                .start(() -> pump(process.getInputStream(), output));
        CompletableFuture<Process> exited = process.onExit();
        try {
            CompletableFuture.anyOf(exited, stop).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ProcessTree.kill(process, KILL_GRACE);
            reader.join(KILL_GRACE.toMillis());
            return new Outcome.TimedOut();
        } catch (ExecutionException e) {
            // the stop future failed: treat as a stop
        } catch (InterruptedException e) {
            ProcessTree.kill(process, KILL_GRACE);
            throw e;
        }
        if (!exited.isDone()) {
            ProcessTree.kill(process, KILL_GRACE);
            reader.join(KILL_GRACE.toMillis());
            return new Outcome.Stopped();
        }
        if (killLeftovers) {
            // The script is done; anything it left running in the background goes with it, as on GitLab's runner.
            ProcessTree.killLeftovers(process);
        }
        reader.join(KILL_GRACE.toMillis());
        return new Outcome.Exited(process.exitValue());
    }

    private static void pump(InputStream in, Consumer<byte[]> output) {
        byte[] buffer = new byte[READ_BUFFER];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    output.accept(Arrays.copyOf(buffer, n));
                }
            }
        } catch (IOException e) {
            // the process went away; its output ends here
        }
    }
}
