package dev.porthole.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading allowlist entries as GitLab accepts them, and refusing the rest with a reason. */
class AllowlistTest {

    private static AllowlistEntry entry(String text) {
        return Allowlist.parseEntry(text);
    }

    @Nested
    class Entries {
        @ParameterizedTest
        @CsvSource({
            "192.168.1.20, 192.168.1.20",
            "0.0.0.0, 0.0.0.0",
            "10.0.0.5:8093, 10.0.0.5:8093",
            "::1, ::1",
            "1:0:0:0:0:0:0:1, 1::1",
            "FD00:0:0:0:0:0:0:5, fd00::5",
            "[::1], ::1",
            "[fd00::5]:8093, [fd00::5]:8093",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "::ffff:10.1.2.3, 10.1.2.3"
        })
        void addresses(String written, String normalized) {
            assertThat(entry(written)).isInstanceOf(AllowlistEntry.Address.class);
            assertThat(entry(written).text()).isEqualTo(normalized);
        }

        @Test
        void anAddressMayCarryAPort() {
            assertThat(entry("10.0.0.5:8093").port()).isEqualTo(8093);
            assertThat(entry("[::1]:443").port()).isEqualTo(443);
            assertThat(entry("10.0.0.5").port()).isNull();
        }

        @ParameterizedTest
        @CsvSource({
            "10.0.0.0/8, 10.0.0.0/8",
            "10.1.2.3/8, 10.0.0.0/8",
            "192.168.1.7/32, 192.168.1.7/32",
            "0.0.0.0/0, 0.0.0.0/0",
            "fd00::/8, fd00::/8",
            "1:0:0:0:0:0:0:0/124, 1::/124",
            "10.0.0.0/8:8093, 10.0.0.0/8:8093",
            "[fd00::/8]:8093, [fd00::/8]:8093"
        })
        void ranges(String written, String normalized) {
            assertThat(entry(written)).isInstanceOf(AllowlistEntry.Range.class);
            assertThat(entry(written).text()).isEqualTo(normalized);
        }

        @Test
        void aRangeMayCarryAPort() {
            assertThat(entry("10.0.0.0/8:8093").port()).isEqualTo(8093);
            assertThat(entry("[fd00::/8]:8093").port()).isEqualTo(8093);
        }

        @ParameterizedTest
        @CsvSource({
            "runner.internal, runner.internal",
            "Runner.Internal, runner.internal",
            "runner.internal., runner.internal",
            "localhost, localhost",
            "example.com:8093, example.com:8093",
            "*.example.com, *.example.com",
            "*.Example.com:443, *.example.com:443",
            "my_runner, my_runner",
            "xn--bcher-kva.de, xn--bcher-kva.de"
        })
        void domains(String written, String normalized) {
            assertThat(entry(written)).isInstanceOf(AllowlistEntry.Domain.class);
            assertThat(entry(written).text()).isEqualTo(normalized);
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "300.1.1.1|is not a valid IP address",
                    "1.2.3|is not a valid IP address",
                    "010.0.0.1|is not a valid IP address",
                    "::g|is not a valid IP address",
                    "1:2:3|is not a valid IP address",
                    "10.0.0.0/33|prefix length must be a number from 0 to 32",
                    "fd00::/129|prefix length must be a number from 0 to 128",
                    "10.0.0.0/x|prefix length",
                    "example/8|is not an IP address",
                    "example.com:0|invalid port",
                    "example.com:70000|invalid port",
                    "example.com:http|invalid port",
                    "10.0.0.1:|invalid port",
                    "[::1|without closing it",
                    "[::1]x|only :port may follow",
                    "[example.com]:80|is not a valid IPv6 address",
                    "foo.*.com|only a leading *. is allowed",
                    "*|only a leading *. is allowed",
                    "*.|only a leading *. is allowed",
                    "bücher.de|punycode",
                    "-bad.example.com|is not a valid IP address, CIDR range or domain name",
                    "a..b|is not a valid IP address, CIDR range or domain name",
                    "http://example.com|invalid port"
                })
        void badEntriesSayWhatIsWrong(String written, String reason) {
            assertThatThrownBy(() -> entry(written))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(reason);
        }

        @Test
        void anEntryLongerThan255CharactersIsRefused() {
            String longName = String.join(".", Collections.nCopies(64, "abcd"));
            assertThatThrownBy(() -> entry(longName)).hasMessageContaining("longer than 255");
        }
    }

    @Nested
    class Lists {
        @Test
        void oneEntryPerLineOrSeparatedByCommasSemicolonsAndSpaces() {
            var result =
                    Allowlist.parseText("127.0.0.1\r\n10.0.0.0/8, runner.internal;*.example.com\n\n  [::1]:8093  \n");
            assertThat(result).isInstanceOf(Allowlist.Result.Valid.class);
            assertThat(((Allowlist.Result.Valid) result)
                            .entries().stream().map(AllowlistEntry::text).toList())
                    .containsExactly("127.0.0.1", "10.0.0.0/8", "runner.internal", "*.example.com", "[::1]:8093");
        }

        @Test
        void theSameEntryWrittenTwiceIsKeptOnce() {
            var result = (Allowlist.Result.Valid) Allowlist.parseText("::1\n0:0:0:0:0:0:0:1\nExample.com\nexample.com");
            assertThat(result.entries()).hasSize(2);
        }

        @Test
        void emptyTextIsAnEmptyList() {
            assertThat(Allowlist.parseText("")).isEqualTo(new Allowlist.Result.Valid(List.of()));
            assertThat(Allowlist.parseText(null)).isEqualTo(new Allowlist.Result.Valid(List.of()));
            assertThat(Allowlist.parseText(" \n ,; \n")).isEqualTo(new Allowlist.Result.Valid(List.of()));
        }

        @Test
        void everyBadEntryIsNamedWithItsLine() {
            var result = Allowlist.parseText("10.0.0.1\n300.1.1.1\nok.example.com, foo.*.com\n");
            assertThat(result).isInstanceOf(Allowlist.Result.Invalid.class);
            assertThat(((Allowlist.Result.Invalid) result).problems())
                    .containsExactly(
                            "Line 2: “300.1.1.1” is not a valid IP address",
                            "Line 3: “foo.*.com” has a wildcard in the wrong place; only a leading *. is allowed,"
                                    + " as in *.example.com");
        }

        @Test
        void apiValuesAreArraysOrCommaSeparatedStrings() {
            var fromArray = (Allowlist.Result.Valid) Allowlist.parseValues(List.of("10.0.0.1", "runner.internal"));
            var fromString = (Allowlist.Result.Valid) Allowlist.parseValues(List.of("10.0.0.1,runner.internal"));
            assertThat(fromArray.entries()).isEqualTo(fromString.entries()).hasSize(2);
            var bad = (Allowlist.Result.Invalid) Allowlist.parseValues(List.of("10.0.0.1", "1.2.3.4.5"));
            assertThat(bad.problems()).containsExactly("Entry: “1.2.3.4.5” is not a valid IP address");
        }

        @Test
        void atMost1000Entries() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 1001; i++) {
                text.append("10.0.").append(i / 256).append('.').append(i % 256).append('\n');
            }
            var result = Allowlist.parseText(text.toString());
            assertThat(result).isInstanceOf(Allowlist.Result.Invalid.class);
            assertThat(((Allowlist.Result.Invalid) result).problems().getFirst())
                    .contains("at most 1000");
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.0.0.1", "10.0.0.0/24", "fd00::/8", "*.example.com:8093"})
        void theNormalizedTextReadsBackAsTheSameEntry(String written) {
            AllowlistEntry once = entry(written);
            assertThat(entry(once.text())).isEqualTo(once);
        }
    }
}
