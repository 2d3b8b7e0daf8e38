package dev.porthole.runner.executor.shell;

import dev.porthole.runner.executor.Executor;
import dev.porthole.runner.executor.ExecutorException;
import dev.porthole.runner.executor.ScriptStep;
import dev.porthole.runner.executor.StepResult;
import dev.porthole.runner.process.ChildProcess;
import dev.porthole.runner.terminal.InteractiveTerminal;
import dev.porthole.runner.terminal.LoginShell;
import dev.porthole.runner.trace.JobTrace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each step as a bash script in the job's project directory, as its own process group. The runner's own
 * environment is passed on (as gitlab-runner's shell executor does), with the job's variables on top. Its terminal
 * is a login bash on a PTY in the same directory with the same environment.
 */
public final class ShellExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(ShellExecutor.class);

    private final Path projectDir;
    private final Path scriptDir;
    private final JobTrace trace;
    private int steps;

    /**
     * @param projectDir where the sources are and the scripts run
     * @param scriptDir the job's private folder for generated scripts and file variables, removed at
     *     {@link #close()}
     */
    public ShellExecutor(Path projectDir, Path scriptDir, JobTrace trace) {
        this.projectDir = projectDir;
        this.scriptDir = scriptDir;
        this.trace = trace;
    }

    @Override
    public void prepare() throws ExecutorException {
        try {
            Files.createDirectories(projectDir);
            // Scripts and file variables may hold secrets: this folder is the runner user's alone.
            Files.createDirectories(scriptDir);
            Files.setPosixFilePermissions(scriptDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new ExecutorException("cannot create the build directory " + projectDir + ": " + e.getMessage(), e);
        }
        trace.line("Using Shell (bash) executor...");
    }

    @Override
    public StepResult run(ScriptStep step) throws ExecutorException, InterruptedException {
        Path script = scriptDir.resolve(String.format("%02d-%s.sh", ++steps, step.name()));
        try {
            Files.writeString(script, BashScript.of(step.lines()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExecutorException("cannot write the script of step " + step.name() + ": " + e.getMessage(), e);
        }
        Map<String, String> environment = environment(step.environment());
        try {
            var outcome = ChildProcess.run(
                    List.of("bash", "--noprofile", "--norc", script.toString()),
                    projectDir,
                    environment,
                    trace::write,
                    step.timeout(),
                    step.stop(),
                    true);
            return switch (outcome) {
                case ChildProcess.Outcome.Exited exited -> new StepResult.Exited(exited.code());
                case ChildProcess.Outcome.TimedOut timedOut -> new StepResult.TimedOut();
                case ChildProcess.Outcome.Stopped stopped -> new StepResult.Stopped();
            };
        } catch (IOException e) {
            throw new ExecutorException("cannot start bash: " + e.getMessage(), e);
        }
    }

    /** The runner's environment with the job's variables on top: what each step's script sees. */
    private static Map<String, String> environment(Map<String, String> job) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(job);
        return environment;
    }

    @Override
    public Optional<InteractiveTerminal> terminal(Map<String, String> jobEnvironment) {
        return Optional.of(new LoginShell(projectDir, environment(jobEnvironment)));
    }

    @Override
    public void close() {
        if (!Files.exists(scriptDir)) {
            return;
        }
        try (var files = Files.walk(scriptDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the job's temporary files in {}: {}", scriptDir, e.getMessage());
        }
    }
}
