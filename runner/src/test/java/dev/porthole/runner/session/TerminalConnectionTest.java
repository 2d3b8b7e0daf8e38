package dev.porthole.runner.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porthole.protocol.runnerapi.SessionInfo;
import dev.porthole.protocol.terminal.TerminalFrames;
import dev.porthole.protocol.terminal.TerminalStatus;
import dev.porthole.runner.config.SessionServerConfig;
import dev.porthole.runner.terminal.FlowWindow;
import dev.porthole.runner.terminal.LoginShell;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real bash in real PTYs behind the real session server, over TLS, in each subprotocol. */
class TerminalConnectionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String OURS = "v1.terminal.porthole.dev";
    private static final String GITLAB = "terminal.gitlab.com";
    private static final String BASE64 = "base64.terminal.gitlab.com";

    @TempDir
    Path dir;

    private SessionServer server;
    private TerminalSession session;
    private SessionInfo info;
    private Path buildDir;

    @BeforeEach
    void start() throws Exception {
        server = SessionServer.start(new SessionServerConfig("127.0.0.1:0", "127.0.0.1:0", Duration.ofSeconds(2)));
        session = server.open();
        info = session.info();
        buildDir = Files.createDirectories(dir.resolve("builds/abc/0/group/project"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CI_JOB_ID", "4242");
        env.put("CI_PROJECT_DIR", buildDir.toString());
        // A login shell reads its HOME's profile: the machine's own (which may run slow tools) is not this test's.
        env.put("HOME", dir.toString());
        session.attach(new LoginShell(buildDir, env));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void awaitText(TerminalClient client, String expected) {
        await().atMost(PATIENCE).until(() -> client.text().contains(expected));
    }

    @Test
    void theShellRunsInTheBuildDirectoryWithTheJobsVariables() throws Exception {
        TerminalClient client = TerminalClient.connect(info, null, GITLAB, GITLAB);
        client.type("pwd; echo \"job=$CI_JOB_ID\"");
        awaitText(client, "job=4242");
        assertThat(client.text()).contains(buildDir.toRealPath() + "\r\njob=4242\r\n");
        client.close();
    }

    @Test
    void gitlabsSubprotocolsGetTheDefaultSizeAndCarryBytesAsTheySay() throws Exception {
        for (String protocol : new String[] {GITLAB, BASE64}) {
            TerminalClient client = TerminalClient.connect(info, null, protocol, protocol);
            client.type("echo \"size=$(stty size) ü\"");
            awaitText(client, "size=24 80 ü");
            client.close();
            await().atMost(PATIENCE).until(() -> !session.connected());
        }
    }

    @Test
    void textFramesAreInputInGitLabsRawSubprotocol() throws Exception {
        TerminalClient client = TerminalClient.connect(info, null, GITLAB, GITLAB);
        client.sendText("echo \"text$((3*3))\"\r");
        awaitText(client, "text9");
        client.close();
    }

    @Test
    void oursSaysHelloStartsAtTheAskedSizeAndFollowsResizes() throws Exception {
        TerminalClient client = TerminalClient.connect(info, "?cols=120&rows=40", OURS, OURS, GITLAB);
        await().atMost(PATIENCE).until(() -> !client.statuses().isEmpty());
        assertThat(client.statuses().getFirst()).isEqualTo(new TerminalStatus.Hello(1, FlowWindow.DEFAULT_SIZE));
        client.type("echo \"size=$(stty size)\"");
        awaitText(client, "size=40 120");
        client.resize(100, 30);
        client.type("echo \"size=$(stty size)\"");
        awaitText(client, "size=30 100");
        client.close();
    }

    @Test
    void whenTheShellExitsTheClientLearnsItsCodeAndTheConnectionCloses() throws Exception {
        TerminalClient client = TerminalClient.connect(info, null, OURS, OURS);
        client.type("exit 3");
        assertThat(client.closed().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(client.closeReason()).isEqualTo("shell exited with code 3");
        assertThat(client.statuses()).contains(new TerminalStatus.Exited(3));
        await().atMost(PATIENCE).until(() -> !session.connected());
    }

    @Test
    void endingTheSessionClosesTheTerminalSayingWhyAndKillsItsProcesses() throws Exception {
        TerminalClient client = TerminalClient.connect(info, null, OURS, OURS);
        client.type("trap '' HUP; sleep 1000 & echo $! > job.pid; echo $$ > shell.pid");
        long background = pid(buildDir.resolve("job.pid"));
        long shell = pid(buildDir.resolve("shell.pid"));

        session.end(EndReason.JOB_CANCELED, "the job was canceled");

        assertThat(client.closed().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(client.closeReason()).isEqualTo("the job was canceled");
        assertThat(client.statuses()).contains(new TerminalStatus.Closing("job_canceled", "the job was canceled"));
        // end() returns once the processes are gone.
        assertThat(alive(shell)).isFalse();
        assertThat(alive(background)).isFalse();
    }

    @Test
    void aClientThatVanishesLeavesNoProcessBehind() throws Exception {
        TerminalClient client = TerminalClient.connect(info, null, GITLAB, GITLAB);
        client.type("trap '' HUP; nohup sleep 1000 >/dev/null 2>&1 & echo $! > job.pid; echo $$ > shell.pid");
        long background = pid(buildDir.resolve("job.pid"));
        long shell = pid(buildDir.resolve("shell.pid"));
        client.type("cat > /dev/null; echo yes > eot-received");
        awaitText(client, "cat > /dev/null");

        client.drop();

        await().atMost(PATIENCE).until(() -> !session.connected());
        await().atMost(PATIENCE).until(() -> !alive(shell) && !alive(background));
        assertThat(Files.readString(buildDir.resolve("eot-received")).strip())
                .as("EOT ended cat, so the shell ran the next command")
                .isEqualTo("yes");
    }

    @Test
    void badFramesCloseTheConnectionSayingWhy() throws Exception {
        TerminalClient client = TerminalClient.connect(info, null, OURS, OURS);
        client.send(ByteBuffer.wrap(new byte[] {0x03, 0, 80}));
        assertThat(client.closed().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1002);
        assertThat(client.closeReason()).startsWith("resize frame must be 5 bytes");
        await().atMost(PATIENCE).until(() -> !session.connected());

        TerminalClient text = TerminalClient.connect(info, null, OURS, OURS);
        text.sendText("ls\r");
        assertThat(text.closed().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1003);
        await().atMost(PATIENCE).until(() -> !session.connected());

        TerminalClient greedy = TerminalClient.connect(info, null, OURS, OURS);
        greedy.ack(1L << 40);
        assertThat(greedy.closed().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1002);
        assertThat(greedy.closeReason()).startsWith("acknowledged 1099511627776 bytes, but only");
    }

    @Test
    void unknownFrameTypesAreIgnored() throws Exception {
        TerminalClient client = TerminalClient.connect(info, null, OURS, OURS);
        client.send(ByteBuffer.wrap(new byte[] {0x7e, 1, 2, 3}));
        client.type("echo \"alive$((2+2))\"");
        awaitText(client, "alive4");
        client.close();
    }

    /**
     * {@code yes | head -c 200M} to a client that stops acknowledging: the runner stops at exactly one window, stays
     * there, and when the client acknowledges again, every byte arrives; the runner never has more than a window in
     * flight.
     */
    @Test
    void continuousOutputComesInFramesLargerThanARead() throws Exception {
        TerminalClient client = TerminalClient.connect(info, null, OURS, OURS);
        AtomicLong largest = new AtomicLong();
        AtomicLong received = new AtomicLong();
        client.streamOutput(bytes -> {
            largest.accumulateAndGet(bytes.length, Math::max);
            received.addAndGet(bytes.length);
            client.ack(received.get());
        });
        client.type("yes | head -c 4000000; echo");

        await().atMost(PATIENCE).until(() -> received.get() > 4_000_000);
        assertThat(largest.get())
                .as("one frame carried what several reads of the PTY returned")
                .isGreaterThan(4096)
                .isLessThanOrEqualTo(TerminalConnection.FRAME_LIMIT);
        client.close();
    }

    @Test
    void flowControlBoundsUnacknowledgedOutputAndLosesNothing() throws Exception {
        long lines = Long.getLong("porthole.test.yesBytes", 200L << 20) / 2;
        var scanner = new YesScanner();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong mostUnacknowledged = new AtomicLong();
        var acking = new java.util.concurrent.atomic.AtomicBoolean(false);
        TerminalClient[] holder = new TerminalClient[1];
        TerminalClient client = TerminalClient.connect(info, null, OURS, OURS);
        holder[0] = client;
        client.streamOutput(bytes -> {
            scanner.accept(bytes);
            long received = client.received();
            mostUnacknowledged.accumulateAndGet(received - acknowledged.get(), Math::max);
            if (acking.get() && received - acknowledged.get() >= 64 * 1024) {
                acknowledged.set(received);
                holder[0].ack(received);
            }
        });
        client.type("printf '%s\\n' BEG''IN; yes | head -c " + lines * 2 + "; printf '%s\\n' EN''D");

        // A reader that stopped: exactly one window arrives, and no more.
        TerminalConnection connection = session.activeConnection();
        await().atMost(PATIENCE).until(() -> connection.window().outstanding() == FlowWindow.DEFAULT_SIZE);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> client.received() == FlowWindow.DEFAULT_SIZE);

        acking.set(true);
        acknowledged.set(client.received());
        client.ack(client.received());
        await().atMost(Duration.ofMinutes(10)).until(scanner::done);
        client.ack(client.received());

        assertThat(scanner.ys()).isEqualTo(lines);
        assertThat(scanner.others()).isEqualTo("END".length());
        assertThat(mostUnacknowledged.get()).isLessThanOrEqualTo(FlowWindow.DEFAULT_SIZE);
        assertThat(connection.window().mostOutstanding()).isEqualTo(FlowWindow.DEFAULT_SIZE);
        client.close();
    }

    /** Counts the y's between the BEGIN and END lines, and anything that is not a y or a line end. */
    private static final class YesScanner {
        private final StringBuilder recent = new StringBuilder();
        private int state;
        private long ys;
        private long others;

        synchronized void accept(byte[] bytes) {
            for (byte b : bytes) {
                recent.append((char) b);
                if (recent.length() > 16) {
                    recent.delete(0, recent.length() - 16);
                }
                if (state == 0) {
                    if (recent.toString().endsWith("BEGIN\r\n")) {
                        state = 1;
                    }
                } else if (state == 1) {
                    if (b == 'y') {
                        ys++;
                    } else if (b != '\r' && b != '\n') {
                        others++;
                    }
                    if (recent.toString().endsWith("END\r\n")) {
                        state = 2;
                    }
                }
            }
        }

        synchronized boolean done() {
            return state == 2;
        }

        synchronized long ys() {
            return ys;
        }

        synchronized long others() {
            return others;
        }
    }

    private static long pid(Path file) throws IOException {
        await().atMost(PATIENCE)
                .until(() -> Files.exists(file) && !Files.readString(file).isBlank());
        return Long.parseLong(Files.readString(file).strip());
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

    static {
        // Referenced so that the frame layout stays the one these tests speak.
        assert TerminalFrames.VERSION == 1;
    }
}
