package dev.porthole.runner.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real processes on real PTYs, read the way the runner reads its terminals. */
class PtyOutputTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static PtyProcess start(String script) throws IOException {
        return new PtyProcessBuilder(new String[] {"/bin/sh", "-c", script})
                .setRedirectErrorStream(true)
                .setConsole(false)
                .start();
    }

    private static void closeBoth(PtyProcess process, PtyOutput output) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        output.close(() -> {
            try {
                process.getOutputStream().close();
                process.getInputStream().close();
            } catch (IOException e) {
                // closed already
            }
        });
    }

    private static String readAll(PtyOutput output) throws IOException {
        var all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = output.read(buffer, 0, buffer.length)) >= 0) {
            all.write(buffer, 0, n);
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** Starts {@code reading} on a thread of its own; returns once that thread waits in poll. */
    private static <T> CompletableFuture<T> readingInPoll(Callable<T> reading) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                result.complete(reading.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        await().atMost(PATIENCE)
                .until(() -> Arrays.stream(reader.getStackTrace())
                        .anyMatch(frame -> frame.getMethodName().equals("poll")));
        return result;
    }

    @Test
    void readsEverythingAShellPrintsAndThenItsEnd() throws Exception {
        PtyProcess process = start("seq 1 20000; printf done$((6*7))");
        PtyOutput output = PtyOutput.of(process);
        try {
            String text = readAll(output);
            assertThat(text)
                    .startsWith("1\r\n2\r\n")
                    .contains("\r\n19999\r\n20000\r\n")
                    .endsWith("done42");
        } finally {
            closeBoth(process, output);
        }
    }

    @Test
    void aReadWaitingForOutputEndsWhenTheOutputIsClosed() throws Exception {
        PtyProcess process = start("sleep 600");
        PtyOutput output = PtyOutput.of(process);
        try {
            // Waiting in poll, with the process still there and nothing to read.
            CompletableFuture<Integer> read = readingInPoll(() -> output.read(new byte[16], 0, 16));

            output.close();

            assertThat(read.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(-1);
            assertThat(output.read(new byte[16], 0, 16)).as("after the close").isEqualTo(-1);
        } finally {
            closeBoth(process, output);
        }
    }

    @Test
    void aReadAfterTheCloseSaysTheEnd() throws Exception {
        PtyProcess process = start("echo never-read; sleep 600");
        PtyOutput output = PtyOutput.of(process);
        try {
            output.close();

            assertThat(output.read(new byte[16], 0, 16)).isEqualTo(-1);
        } finally {
            closeBoth(process, output);
        }
    }

    @Test
    void aReadWaitingForOutputSeesTheShellsEnd() throws Exception {
        PtyProcess process = start("read line; printf got-$line");
        PtyOutput output = PtyOutput.of(process);
        try {
            CompletableFuture<String> all = readingInPoll(() -> readAll(output));

            process.getOutputStream().write("it\r".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();

            assertThat(all.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).endsWith("got-it");
        } finally {
            closeBoth(process, output);
        }
    }

    @Test
    void closingLeavesNoDescriptorOpen() throws Exception {
        // One round first: whatever pty4j and JNA open once stays open.
        List<PtyProcess> processes = new ArrayList<>();
        roundOfTerminals(1, processes);
        long before = openDescriptors();

        roundOfTerminals(20, processes);

        assertThat(openDescriptors()).isEqualTo(before);
    }

    /** Terminals that print a line, half of them read to their end and closed after, half closed while waiting. */
    private static void roundOfTerminals(int count, List<PtyProcess> processes) throws Exception {
        for (int i = 0; i < count; i++) {
            PtyProcess process = start(i % 2 == 0 ? "echo one" : "echo one; sleep 600");
            PtyOutput output = PtyOutput.of(process);
            byte[] buffer = new byte[64];
            if (i % 2 == 0) {
                assertThat(readAll(output)).contains("one");
            } else {
                assertThat(output.read(buffer, 0, buffer.length)).isPositive();
            }
            closeBoth(process, output);
            processes.add(process);
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
