package dev.porthole.runner.executor.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porthole.runner.executor.ScriptStep;
import dev.porthole.runner.executor.StepResult;
import dev.porthole.runner.trace.JobTrace;
import dev.porthole.runner.trace.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real bash, real processes. */
class ShellExecutorTest {
    @TempDir
    Path dir;

    private JobTrace trace;
    private ShellExecutor executor;

    @BeforeEach
    void prepare() throws Exception {
        trace = new JobTrace(new SecretMasker(List.of(), List.of()), 1 << 20);
        executor = new ShellExecutor(dir.resolve("project"), dir.resolve("project.tmp"), trace);
        executor.prepare();
    }

    private StepResult run(Duration timeout, CompletableFuture<?> stop, String... lines) throws Exception {
        return executor.run(new ScriptStep("script", List.of(lines), Map.of("GREETING", "hej"), timeout, stop));
    }

    private StepResult run(String... lines) throws Exception {
        return run(Duration.ofMinutes(1), new CompletableFuture<>(), lines);
    }

    private String log() {
        return new String(trace.read(0, Integer.MAX_VALUE), StandardCharsets.UTF_8);
    }

    private static long pidIn(Path file) throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(file) && !Files.readString(file).isBlank());
        return Long.parseLong(Files.readString(file).strip());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void runsEachLinePrintingItFirstInTheProjectDirectoryWithTheVariables() throws Exception {
        assertThat(run("echo \"$GREETING from $(pwd)\"", "echo second")).isEqualTo(new StepResult.Exited(0));
        assertThat(log())
                .contains("$ echo \"$GREETING from $(pwd)\"")
                .contains("hej from " + dir.resolve("project"))
                .contains("$ echo second\u001b[0;m\nsecond\n");
    }

    @Test
    void theFirstFailingCommandEndsTheStepWithItsCode() throws Exception {
        assertThat(run("echo before", "(exit 3)", "echo after")).isEqualTo(new StepResult.Exited(3));
        assertThat(log()).contains("before").doesNotContain("\nafter");
    }

    @Test
    void aFailureInsideAPipeFailsTheStep() throws Exception {
        assertThat(run("false | true")).isEqualTo(new StepResult.Exited(1));
    }

    @Test
    void quotesInCommandsAreShownAsWritten() throws Exception {
        run("echo 'it'\"'\"'s'");
        assertThat(log()).contains("$ echo 'it'\"'\"'s'").contains("it's");
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws Exception {
        Path pid = dir.resolve("child.pid");
        StepResult result =
                run(Duration.ofSeconds(2), new CompletableFuture<>(), "sleep 300 & echo $! > " + pid, "sleep 300");
        assertThat(result).isEqualTo(new StepResult.TimedOut());
        long child = pidIn(pid);
        await().atMost(Duration.ofSeconds(10)).until(() -> !alive(child));
    }

    @Test
    void aStopKillsTheStep() throws Exception {
        Path pid = dir.resolve("child.pid");
        var stop = new CompletableFuture<Void>();
        var result = CompletableFuture.supplyAsync(() -> {
            try {
                return run(Duration.ofMinutes(5), stop, "sleep 300 & echo $! > " + pid, "wait");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long child = pidIn(pid);
        stop.complete(null);
        assertThat(result.get()).isEqualTo(new StepResult.Stopped());
        await().atMost(Duration.ofSeconds(10)).until(() -> !alive(child));
    }

    @Test
    void whatAScriptLeavesRunningInTheBackgroundEndsWithIt() throws Exception {
        Path pid = dir.resolve("daemon.pid");
        assertThat(run("(sleep 300 >/dev/null 2>&1 &\n echo $! > " + pid + ")")).isEqualTo(new StepResult.Exited(0));
        long daemon = pidIn(pid);
        await().atMost(Duration.ofSeconds(10)).until(() -> !alive(daemon));
    }

    @Test
    void closeRemovesTheScripts() throws Exception {
        run("true");
        assertThat(Files.list(dir.resolve("project.tmp")).toList()).isNotEmpty();
        executor.close();
        assertThat(dir.resolve("project.tmp")).doesNotExist();
        executor.close();
    }
}
