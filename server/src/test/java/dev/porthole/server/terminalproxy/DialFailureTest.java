package dev.porthole.server.terminalproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What a browser is told when its terminal cannot open must fit a websocket close frame, or it never arrives. */
class DialFailureTest {

    @Test
    void everyReasonFitsACloseFrame() {
        for (DialFailure failure : DialFailure.values()) {
            assertThat(failure.reason().getBytes(StandardCharsets.UTF_8))
                    .as(failure.name())
                    .hasSizeLessThanOrEqualTo(123);
            assertThat(failure.reason()).as(failure.name()).isNotBlank().endsWith(".");
        }
    }

    @Test
    void closeCodesAreApplicationCodesAndDistinct() {
        assertThat(Arrays.stream(DialFailure.values()).map(DialFailure::closeCode))
                .doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).isBetween(4000, 4999));
    }

    @Test
    void longReasonsAreCutToFitWithoutBreakingACharacter() {
        String cut = TerminalRelay.truncate("Runner › ".repeat(40));

        assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
        assertThat(cut).endsWith("…").doesNotContain("\uFFFD");
        assertThat(TerminalRelay.truncate("short")).isEqualTo("short");
    }
}
