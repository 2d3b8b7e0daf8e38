package dev.porthole.runner.executor.docker;

import dev.porthole.runner.terminal.InteractiveTerminal;
import dev.porthole.runner.terminal.TerminalProcess;
import dev.porthole.runner.terminal.TerminalSize;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The docker executor's terminal: each connection gets a new login shell in the job's container through
 * {@code docker exec} with a TTY, as the job's user, in its project directory, with its variables. The container
 * lives until the job ends, so this works after the script too.
 */
final class ContainerTerminal implements InteractiveTerminal {
    /** How long a shell has to exit after EOT before its session is killed. */
    static final Duration EOT_GRACE = Duration.ofSeconds(2);

    private final ContainerExec exec;
    private final String shell;
    private final String user;
    private final String workingDir;
    private final List<String> environment;
    private final AtomicInteger count = new AtomicInteger();

    ContainerTerminal(ContainerExec exec, String shell, String user, String workingDir, List<String> environment) {
        this.exec = exec;
        this.shell = shell;
        this.user = user;
        this.workingDir = workingDir;
        this.environment = List.copyOf(environment);
    }

    @Override
    public TerminalProcess start(TerminalSize size) throws IOException {
        String pidFile = ContainerExec.PID_DIR + "/terminal-" + count.incrementAndGet() + ".pid";
        return ExecShell.start(exec, shell, user, workingDir, environment, pidFile, EOT_GRACE, size);
    }
}
