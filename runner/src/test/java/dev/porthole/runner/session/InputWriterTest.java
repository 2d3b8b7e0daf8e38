package dev.porthole.runner.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InputWriterTest {
    private final ThreadPoolExecutor threads = (ThreadPoolExecutor) Executors.newCachedThreadPool();
    private final AtomicLong written = new AtomicLong();
    private final List<IOException> failures = new CopyOnWriteArrayList<>();
    private final InputWriter.Listener listener = new InputWriter.Listener() {
        @Override
        public void written(int bytes) {
            written.addAndGet(bytes);
        }

        @Override
        public void failed(IOException cause) {
            failures.add(cause);
        }
    };

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void writesEverythingInOrderAndHoldsNoThreadWhenIdle() {
        var shell = new ByteArrayOutputStream();
        var writer = new InputWriter(synchronizedStream(shell), threads, listener);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String line = i + "\n";
            expected.append(line);
            writer.write(line.getBytes(StandardCharsets.US_ASCII));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> written.get() == expected.length());
        assertThat(shell.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        assertThat(writer.queued()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.getActiveCount() == 0);
    }

    @Test
    void aBlockedShellKeepsWhatIsQueuedCountedAndInOrder() throws Exception {
        var release = new CountDownLatch(1);
        var shell = new ByteArrayOutputStream();
        OutputStream slow = gated(release, shell);
        var writer = new InputWriter(slow, threads, listener);
        writer.write("first ".getBytes(StandardCharsets.US_ASCII));
        writer.write("second".getBytes(StandardCharsets.US_ASCII));

        assertThat(writer.queued()).isEqualTo(12);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.queued() == 0);
        assertThat(shell.toString(StandardCharsets.US_ASCII)).isEqualTo("first second");
    }

    @Test
    void aFailedWriteIsReportedOnceAndNothingMoreIsWritten() {
        var attempts = new AtomicLong();
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                attempts.incrementAndGet();
                throw new IOException("terminal closed");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                write(0);
            }
        };
        var writer = new InputWriter(gone, threads, listener);
        writer.write(new byte[] {'a'});
        await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty());

        writer.write(new byte[] {'b'});
        writer.write(new byte[] {'c'});

        await().atMost(Duration.ofSeconds(10)).until(() -> threads.getActiveCount() == 0);
        assertThat(failures)
                .hasSize(1)
                .first()
                .extracting(Throwable::getMessage)
                .isEqualTo("terminal closed");
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(written.get()).isZero();
    }

    @Test
    void closingDropsWhatWaits() throws Exception {
        var release = new CountDownLatch(1);
        var shell = new ByteArrayOutputStream();
        OutputStream slow = gated(release, shell);
        var writer = new InputWriter(slow, threads, listener);
        writer.write("typed".getBytes(StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.getActiveCount() == 1);
        writer.write("dropped".getBytes(StandardCharsets.US_ASCII));

        writer.close();
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> threads.getActiveCount() == 0);
        assertThat(shell.toString(StandardCharsets.US_ASCII)).isEqualTo("typed");
        long tasks = threads.getTaskCount();
        writer.write("after".getBytes(StandardCharsets.US_ASCII));
        assertThat(threads.getTaskCount()).as("no writing after close").isEqualTo(tasks);
    }

    /** A shell that takes nothing until {@code release} opens, then passes everything to {@code shell}. */
    private static OutputStream gated(CountDownLatch release, ByteArrayOutputStream shell) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                synchronized (shell) {
                    shell.write(b, off, len);
                }
            }
        };
    }

    private static OutputStream synchronizedStream(ByteArrayOutputStream target) {
        return new OutputStream() {
            @Override
            public synchronized void write(int b) {
                target.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                target.write(b, off, len);
            }
        };
    }
}
