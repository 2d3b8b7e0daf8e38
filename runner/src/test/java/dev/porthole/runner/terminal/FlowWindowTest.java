package dev.porthole.runner.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FlowWindowTest {
    @Test
    void creditNeverExceedsTheWindow() throws Exception {
        var window = new FlowWindow(100);
        assertThat(window.awaitCredit(64)).isEqualTo(64);
        window.sent(64);
        assertThat(window.awaitCredit(64)).isEqualTo(36);
        window.sent(36);
        assertThat(window.outstanding()).isEqualTo(100);
        window.acknowledgeTotal(30);
        assertThat(window.awaitCredit(64)).isEqualTo(30);
        assertThat(window.mostOutstanding()).isEqualTo(100);
    }

    @Test
    void aFullWindowBlocksTheReaderUntilAnAcknowledgement() throws Exception {
        var window = new FlowWindow(10);
        window.sent(window.awaitCredit(10));
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> {
            try {
                return window.awaitCredit(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(next).isNotDone();
        window.acknowledge(4);
        await().atMost(Duration.ofSeconds(5)).until(next::isDone);
        assertThat(next.get()).isEqualTo(4);
    }

    @Test
    void closingReleasesTheReaderWithNoCredit() throws Exception {
        var window = new FlowWindow(10);
        window.sent(10);
        window.close();
        assertThat(window.awaitCredit(10)).isZero();
    }

    @Test
    void staleAcknowledgementsChangeNothingAndImpossibleOnesAreRefused() {
        var window = new FlowWindow(10);
        window.sent(8);
        window.acknowledgeTotal(6);
        window.acknowledgeTotal(2);
        assertThat(window.outstanding()).isEqualTo(2);
        assertThatThrownBy(() -> window.acknowledgeTotal(9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("acknowledged 9 bytes, but only 8 were sent");
    }
}
