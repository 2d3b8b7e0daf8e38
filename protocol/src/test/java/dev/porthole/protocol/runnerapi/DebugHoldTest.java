package dev.porthole.protocol.runnerapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hold durations as users write them in PORTHOLE_DEBUG_HOLD, and the report as it goes over the wire. */
class DebugHoldTest {
    @ParameterizedTest
    @CsvSource({"15m,900", "1h30m,5400", "90s,90", "1h,3600", "2m30s,150", "600,600", "' 15m ',900", "15m0s,900"})
    void readsGoDurationsAndPlainSeconds(String text, long seconds) {
        assertThat(DebugHold.parseDuration(text)).contains(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "0", "0s", "soon", "15 minutes", "1.5h", "-5m", "m", "15mm", "1d", "1m1h"})
    void refusesAnythingElse(String text) {
        assertThat(DebugHold.parseDuration(text)).isEmpty();
    }

    @Test
    void nullIsNoHold() {
        assertThat(DebugHold.parseDuration(null)).isEmpty();
    }

    @Test
    void theRunningReportCarriesTheHoldInSnakeCase() {
        String json =
                RunnerApiJson.mapper().writeValueAsString(UpdateJobRequest.running(null, "t", new DebugHold(900, 3)));
        assertThat(json).contains("\"state\":\"running\"").contains("\"debug_hold\":{\"seconds\":900,\"exit_code\":3}");
    }
}
