package dev.porthole.runner.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real bash on real PTYs. */
class LoginShellTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private TerminalProcess shell;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @AfterEach
    void closeShell() {
        if (shell != null) {
            shell.close();
        }
    }

    private TerminalProcess start(TerminalSize size) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CI_JOB_ID", "4711");
        env.put("SECRET_TOKEN", "masked-but-real");
        shell = new LoginShell(dir, env).start(size);
        InputStream in = shell.output();
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (output) {
                        output.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        });
        return shell;
    }

    private String text() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    private void type(String line) throws IOException {
        shell.input().write((line + "\r").getBytes(StandardCharsets.UTF_8));
        shell.input().flush();
    }

    private void awaitOutput(String expected) {
        await().atMost(PATIENCE).until(() -> text().contains(expected));
    }

    @Test
    void aLoginShellInTheBuildDirectoryWithTheJobsVariables() throws Exception {
        start(TerminalSize.DEFAULT);
        type("echo \"dir=$(pwd) job=$CI_JOB_ID secret=$SECRET_TOKEN term=$TERM login=$(shopt -q login_shell && echo"
                + " yes)\"");
        awaitOutput("dir=" + dir.toRealPath() + " job=4711 secret=masked-but-real term=xterm-256color login=yes");
    }

    @Test
    void startsWithTheSizeAskedForAndFollowsResizes() throws Exception {
        start(new TerminalSize(132, 43));
        type("echo \"size=$(stty size)\"");
        awaitOutput("size=43 132");
        shell.resize(new TerminalSize(100, 30));
        type("echo \"size=$(stty size)\"");
        awaitOutput("size=30 100");
    }

    @Test
    void exitingTheShellReportsItsCode() throws Exception {
        start(TerminalSize.DEFAULT);
        type("exit 7");
        assertThat(shell.exited().get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(7);
    }

    @Test
    void theOutputSaysHowMuchWaitsToBeRead() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOME", dir.toString());
        shell = new LoginShell(dir, env).start(TerminalSize.DEFAULT);
        InputStream in = shell.output();
        // Nobody reads yet: the prompt and what the command prints wait in the PTY.
        shell.input().write("printf 'x%.0s' $(seq 1 3000); echo; echo done$((6*7))\r".getBytes(StandardCharsets.UTF_8));
        shell.input().flush();
        await().atMost(PATIENCE).until(() -> in.available() > 0);

        var seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        await().atMost(PATIENCE).until(() -> {
            while (in.available() > 0) {
                int n = in.read(buffer, 0, Math.min(buffer.length, in.available()));
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            return seen.toString().contains("done42");
        });
        assertThat(seen.toString()).contains("x".repeat(3000));
        assertThat(in.available()).as("everything was read").isZero();
    }

    @Test
    void closingSendsEotThenKillsEveryProcessTheShellStarted() throws Exception {
        start(TerminalSize.DEFAULT);
        Path marker = dir.resolve("eot-received");
        // Background processes that survive a hangup in three ways (the last in a session of its own), then a
        // foreground cat that ends on EOT.
        type("trap '' HUP; sleep 1000 & echo $! > ignores-hup.pid");
        type("nohup sleep 1001 >/dev/null 2>&1 & echo $! > nohup.pid");
        type("setsid -w sh -c 'echo $$ > setsid.pid; exec sleep 1002' &");
        type("echo $$ > shell.pid; echo \"ready$((6*7))\"");
        awaitOutput("ready42");
        long ignoresHup = pid("ignores-hup.pid");
        long nohup = pid("nohup.pid");
        long setsid = pid("setsid.pid");
        long shellPid = pid("shell.pid");
        type("cat > /dev/null; echo yes > " + marker);
        awaitOutput("cat > /dev/null");

        shell.close();

        assertThat(Files.readString(marker).strip())
                .as("cat got EOT, so bash ran the next command")
                .isEqualTo("yes");
        for (long pid : new long[] {shellPid, ignoresHup, nohup, setsid}) {
            await().atMost(PATIENCE).until(() -> !alive(pid));
        }
    }

    @Test
    void whatAnExitedShellLeftBehindIsKilledToo() throws Exception {
        start(TerminalSize.DEFAULT);
        type("trap '' HUP; sleep 1003 & echo $! > left.pid");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("left.pid")));
        long left = pid("left.pid");
        type("exit 0");
        assertThat(shell.exited().get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .isZero();
        await().atMost(PATIENCE).until(() -> !alive(left));
    }

    private long pid(String file) throws IOException {
        Path path = dir.resolve(file);
        await().atMost(PATIENCE)
                .until(() -> Files.exists(path) && !Files.readString(path).isBlank());
        return Long.parseLong(Files.readString(path).strip());
    }

    private static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
