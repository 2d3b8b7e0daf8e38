package dev.porthole.server.terminalproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One direction's frames in flight: read on while there is room, and exactly one read asked for per frame. */
class SendWindowTest {
    private final AtomicInteger demands = new AtomicInteger();
    private final SendWindow window = new SendWindow(100, demands::incrementAndGet);

    @Test
    void framesGoOnWhileThereIsRoom() {
        assertThat(window.take(40)).isTrue();
        assertThat(window.take(40)).isTrue();
        assertThat(window.inFlight()).isEqualTo(80);
        window.written(40);
        assertThat(demands).as("nobody waited: the caller already asked").hasValue(0);
    }

    @Test
    void aFullWindowAsksForTheNextFrameOnceEnoughIsWritten() {
        assertThat(window.take(60)).isTrue();
        assertThat(window.take(60)).isFalse();
        window.written(10);
        assertThat(demands).as("110 still in flight").hasValue(0);
        window.written(50);
        assertThat(demands).hasValue(1);
        window.written(60);
        assertThat(demands).as("only one read per frame").hasValue(1);
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void aFrameLargerThanTheWindowWaitsForItsOwnWrite() {
        assertThat(window.take(1_000_000)).isFalse();
        window.written(1_000_000);
        assertThat(demands).hasValue(1);
    }

    /**
     * A reader and a writer on different threads, as in the relay: every frame taken leads to exactly one further
     * read, whether the taker or the writer asks for it, so the stream never stalls and never reads twice at once.
     */
    @Test
    void readerAndWriterOnDifferentThreadsNeverStallNorDoubleRead() throws Exception {
        int frames = 200_000;
        var writes = new LinkedBlockingQueue<Integer>();
        var reads = new LinkedBlockingQueue<Boolean>();
        var concurrent = new SendWindow(1_000, () -> reads.add(true));
        ExecutorService writer = Executors.newSingleThreadExecutor();
        writer.submit(() -> {
            for (int i = 0; i < frames; i++) {
                concurrent.written(writes.take());
            }
            return null;
        });
        try {
            for (int i = 0; i < frames; i++) {
                int size = 1 + i % 300;
                boolean more = concurrent.take(size);
                writes.add(size);
                if (!more && i < frames - 1) {
                    assertThat(reads.poll(10, TimeUnit.SECONDS))
                            .as("frame %d: the writer asks for the next read", i)
                            .isTrue();
                }
            }
            writer.shutdown();
            assertThat(writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reads).as("no read asked for twice").hasSizeLessThanOrEqualTo(1);
            assertThat(concurrent.inFlight()).isZero();
        } finally {
            writer.shutdownNow();
        }
    }
}
