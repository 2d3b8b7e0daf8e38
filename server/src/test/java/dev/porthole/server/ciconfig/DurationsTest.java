package dev.porthole.server.ciconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "3600, 3600",
        "90 minutes, 5400",
        "1h 30m, 5400",
        "1h30m, 5400",
        "2 hours 15 min, 8100",
        "1 day, 86400",
        "1w, 604800",
        "10 s, 10",
        "1.5h, 5400",
        "1 hour and 5 minutes, 3900"
    })
    void readsGitLabsDurations(String text, long seconds) {
        assertThat(Durations.parse(text)).contains(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "1 fortnight", "h", "1h x"})
    void rejectsWhatIsNotADuration(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1800, 30m0s", "3600, 1h0m0s", "45, 45s", "5430, 1h30m30s"})
    void printsLikeGo(long seconds, String printed) {
        assertThat(Durations.goStyle(Duration.ofSeconds(seconds))).isEqualTo(printed);
    }
}
