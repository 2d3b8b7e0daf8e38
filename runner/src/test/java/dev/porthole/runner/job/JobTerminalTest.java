package dev.porthole.runner.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porthole.protocol.terminal.TerminalStatus;
import dev.porthole.runner.config.SessionServerConfig;
import dev.porthole.runner.executor.shell.ShellExecutor;
import dev.porthole.runner.session.SessionServer;
import dev.porthole.runner.session.TerminalClient;
import dev.porthole.runner.session.TerminalSession;
import dev.porthole.runner.trace.JobTrace;
import dev.porthole.runner.trace.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job and its terminal: real session server, real shell executor, real bash, the job's real log. */
class JobTerminalTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String OURS = "v1.terminal.porthole.dev";

    @TempDir
    Path dir;

    private SessionServer server;
    private ShellExecutor executor;
    private final JobTrace trace = new JobTrace(new SecretMasker(List.of("s3cret-value"), List.of()), 1 << 20);
    private final CompletableFuture<StopReason> stop = new CompletableFuture<>();

    @AfterEach
    void stopServer() {
        if (executor != null) {
            executor.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A job's terminal session with this session_timeout, the shell executor's terminal attached. */
    private TerminalSession session(Duration sessionTimeout) throws Exception {
        server = SessionServer.start(new SessionServerConfig("127.0.0.1:0", "127.0.0.1:0", sessionTimeout));
        return server.open();
    }

    private JobTerminal attached(TerminalSession session) throws Exception {
        Path project = dir.resolve("builds/t0k3n/0/group/project");
        executor = new ShellExecutor(project, dir.resolve("builds/t0k3n/0/group/project.tmp"), trace);
        executor.prepare();
        var terminal = new JobTerminal(session, trace, stop);
        terminal.attach(
                executor,
                // HOME too: a login shell reads its HOME's profile, and the machine's own is not this test's.
                Map.of(
                        "CI_JOB_ID",
                        "31337",
                        "CI_PROJECT_DIR",
                        project.toString(),
                        "SECRET",
                        "s3cret-value",
                        "HOME",
                        dir.toString()));
        return terminal;
    }

    private String log() {
        return new String(trace.read(0, Integer.MAX_VALUE), StandardCharsets.UTF_8);
    }

    private CompletableFuture<Void> holdInBackground(JobTerminal terminal, boolean succeeded, Duration left) {
        return CompletableFuture.runAsync(() -> {
            try {
                terminal.holdAfterScripts(succeeded, left);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theTerminalIsTheShellExecutorsInTheBuildDirectoryWithTheJobsVariables() throws Exception {
        TerminalSession session = session(Duration.ofMinutes(30));
        attached(session);
        TerminalClient client = TerminalClient.connect(session.info(), null, OURS, OURS);
        client.type("pwd; echo \"job=$CI_JOB_ID secret=$SECRET\"");
        await().atMost(PATIENCE).until(() -> client.text().contains("job=31337 secret=s3cret-value"));
        assertThat(client.text())
                .contains(dir.resolve("builds/t0k3n/0/group/project").toRealPath() + "\r\n");
        client.close();
    }

    @Test
    void aConnectedTerminalKeepsTheJobUntilItDisconnects() throws Exception {
        TerminalSession session = session(Duration.ofMinutes(30));
        JobTerminal terminal = attached(session);
        TerminalClient client = TerminalClient.connect(session.info(), null, OURS, OURS);

        CompletableFuture<Void> hold = holdInBackground(terminal, true, Duration.ofHours(1));

        await().atMost(PATIENCE).until(() -> log().contains("Terminal is connected, will time out in 30m0s..."));
        await().atMost(PATIENCE)
                .until(() -> client.statuses().contains(new TerminalStatus.JobFinished("success", 1800)));
        assertThat(hold).isNotDone();
        client.type("exit");
        hold.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(log()).contains("Terminal disconnected").doesNotContain("timed out");
        terminal.end();
    }

    @Test
    void theWaitEndsAfterSessionTimeoutAndClosesTheTerminal() throws Exception {
        TerminalSession session = session(Duration.ofSeconds(2));
        JobTerminal terminal = attached(session);
        TerminalClient client = TerminalClient.connect(session.info(), null, OURS, OURS);

        terminal.holdAfterScripts(false, Duration.ofHours(1));

        assertThat(log())
                .contains("Terminal is connected, will time out in 2s...")
                .contains("terminal session timed out (maximum time allowed - 2s)")
                .doesNotContain("Terminal disconnected");
        assertThat(client.closed().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(client.closeReason()).isEqualTo("terminal session timed out (maximum time allowed - 2s)");
        assertThat(client.statuses())
                .contains(new TerminalStatus.JobFinished("failed", 2))
                .contains(new TerminalStatus.Closing(
                        "session_timeout", "terminal session timed out (maximum time allowed - 2s)"));
        assertThat(session.connected()).isFalse();
    }

    @Test
    void theWaitNeverOutlastsTheJobsTimeout() throws Exception {
        TerminalSession session = session(Duration.ofMinutes(30));
        JobTerminal terminal = attached(session);
        TerminalClient client =
                TerminalClient.connect(session.info(), null, "terminal.gitlab.com", "terminal.gitlab.com");

        terminal.holdAfterScripts(true, Duration.ofMillis(1400));

        assertThat(log())
                .contains("Terminal is connected, will time out in 1s...")
                .contains("terminal session timed out (maximum time allowed - 1s)");
        assertThat(client.closed().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
    }

    @Test
    void withoutAConnectedTerminalTheJobDoesNotWait() throws Exception {
        TerminalSession session = session(Duration.ofMinutes(30));
        JobTerminal terminal = attached(session);
        terminal.holdAfterScripts(true, Duration.ofHours(1));
        assertThat(log()).doesNotContain("Terminal");
    }

    @Test
    void aJobThatEndsRightAfterADisconnectWaitsUntilTheShellIsGone() throws Exception {
        TerminalSession session = session(Duration.ofMinutes(30));
        JobTerminal terminal = attached(session);
        TerminalClient client = TerminalClient.connect(session.info(), null, OURS, OURS);
        Path shellPid = dir.resolve("stubborn.pid");
        // A shell that ignores EOT keeps running through the whole grace period.
        client.type("set -o ignoreeof; trap '' HUP; echo $$ > " + shellPid);
        await().atMost(PATIENCE)
                .until(() ->
                        Files.exists(shellPid) && !Files.readString(shellPid).isBlank());
        long shell = Long.parseLong(Files.readString(shellPid).strip());
        client.drop();
        await().atMost(PATIENCE).until(() -> !session.connected());

        terminal.end();

        assertThat(ProcessHandle.of(shell).map(ProcessHandle::isAlive).orElse(false)
                        && !Files.readString(Path.of("/proc", Long.toString(shell), "stat"))
                                .contains(") Z "))
                .as("the shell is gone when the job's end returns")
                .isFalse();
    }

    @Test
    void cancelingTheJobClosesTheTerminalAndKillsItsShell() throws Exception {
        TerminalSession session = session(Duration.ofMinutes(30));
        JobTerminal terminal = attached(session);
        TerminalClient client = TerminalClient.connect(session.info(), null, OURS, OURS);
        Path shellPid = dir.resolve("shell.pid");
        client.type("echo $$ > " + shellPid);
        await().atMost(PATIENCE)
                .until(() ->
                        Files.exists(shellPid) && !Files.readString(shellPid).isBlank());
        long shell = Long.parseLong(Files.readString(shellPid).strip());
        CompletableFuture<Void> hold = holdInBackground(terminal, true, Duration.ofHours(1));
        await().atMost(PATIENCE).until(() -> log().contains("Terminal is connected"));

        stop.complete(StopReason.CANCELED);

        assertThat(client.closed().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(client.statuses()).contains(new TerminalStatus.Closing("job_canceled", "the job was canceled"));
        hold.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(log()).doesNotContain("timed out");
        await().atMost(PATIENCE)
                .until(() ->
                        !ProcessHandle.of(shell).map(ProcessHandle::isAlive).orElse(false)
                                || Files.readString(Path.of("/proc", Long.toString(shell), "stat"))
                                        .contains(") Z "));
        assertThat(TerminalClient.refusal(session.info(), session.info().authorization()))
                .isEqualTo(404);
    }
}
