package dev.porthole.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the outbound policy allows: the allowlist's matching, and the local-address rule around it. */
class OutboundPolicyTest {

    private static OutboundPolicy allowing(String... entries) {
        return new OutboundPolicy(
                false, Arrays.stream(entries).map(Allowlist::parseEntry).toList());
    }

    private static InetAddress ip(String literal) {
        return Addresses.parseLiteral(literal).orElseThrow();
    }

    @Nested
    class Allowlisted {
        @Test
        void anAddressMatchesItselfOnEveryPortUnlessItNamesOne() {
            assertThat(allowing("10.0.0.5").allowlisted("10.0.0.5", 8093)).isTrue();
            assertThat(allowing("10.0.0.5").allowlisted("10.0.0.5", 22)).isTrue();
            assertThat(allowing("10.0.0.5").allowlisted("10.0.0.6", 8093)).isFalse();
            assertThat(allowing("10.0.0.5:8093").allowlisted("10.0.0.5", 8093)).isTrue();
            assertThat(allowing("10.0.0.5:8093").allowlisted("10.0.0.5", 22)).isFalse();
        }

        @Test
        void ipv6HostsMatchWithOrWithoutBrackets() {
            var policy = allowing("[::1]:8093", "fd00::5");
            assertThat(policy.allowlisted("[::1]", 8093)).isTrue();
            assertThat(policy.allowlisted("::1", 8093)).isTrue();
            assertThat(policy.allowlisted("[0:0:0:0:0:0:0:1]", 8093)).isTrue();
            assertThat(policy.allowlisted("[::1]", 8094)).isFalse();
            assertThat(policy.allowlisted("[FD00::5]", 1)).isTrue();
        }

        @ParameterizedTest
        @CsvSource({
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.1.0/24, 192.168.1.255, true",
            "192.168.1.0/24, 192.168.2.1, false",
            "192.168.1.7/32, 192.168.1.7, true",
            "0.0.0.0/0, 8.8.8.8, true",
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "1:0:0:0:0:0:0:0/124, 1::f, true",
            "1:0:0:0:0:0:0:0/124, 1::10, false",
            "10.0.0.0/8, ::ffff:10.0.0.1, true",
            "::/0, 10.0.0.1, false"
        })
        void rangesMatchTheAddressesInThem(String range, String host, boolean allowed) {
            assertThat(allowing(range).allowlisted(host, 8093)).isEqualTo(allowed);
        }

        @Test
        void aRangeWithAPortMatchesThatPortOnly() {
            assertThat(allowing("10.0.0.0/8:8093").allowlisted("10.1.1.1", 8093))
                    .isTrue();
            assertThat(allowing("10.0.0.0/8:8093").allowlisted("10.1.1.1", 8094))
                    .isFalse();
            assertThat(allowing("[fd00::/8]:8093").allowlisted("[fd00::1]", 8093))
                    .isTrue();
        }

        @Test
        void domainsMatchNamesCaseInsensitively() {
            var policy = allowing("runner.internal", "example.com:8093");
            assertThat(policy.allowlisted("runner.internal", 1)).isTrue();
            assertThat(policy.allowlisted("RUNNER.internal.", 1)).isTrue();
            assertThat(policy.allowlisted("other.internal", 1)).isFalse();
            assertThat(policy.allowlisted("sub.runner.internal", 1)).isFalse();
            assertThat(policy.allowlisted("example.com", 8093)).isTrue();
            assertThat(policy.allowlisted("example.com", 443)).isFalse();
        }

        @Test
        void aWildcardMatchesEveryNameBelowButNotTheDomainItself() {
            var policy = allowing("*.example.com");
            assertThat(policy.allowlisted("a.example.com", 443)).isTrue();
            assertThat(policy.allowlisted("a.b.example.com", 443)).isTrue();
            assertThat(policy.allowlisted("example.com", 443)).isFalse();
            assertThat(policy.allowlisted("badexample.com", 443)).isFalse();
            assertThat(policy.allowlisted("a.example.com.evil.org", 443)).isFalse();
            assertThat(allowing("*.example.com:8093").allowlisted("a.example.com", 443))
                    .isFalse();
        }

        @Test
        void domainEntriesDoNotMatchAddressesNorAddressEntriesNames() {
            assertThat(allowing("localhost").allowlisted("127.0.0.1", 80)).isFalse();
            assertThat(allowing("localhost").allowlisted(ip("127.0.0.1"), 80)).isFalse();
            assertThat(allowing("127.0.0.1").allowlisted("localhost", 80)).isFalse();
        }
    }

    @Nested
    class Check {
        @ParameterizedTest
        @CsvSource({
            "127.0.0.1, Requests to localhost are not allowed",
            "127.8.9.10, Requests to localhost are not allowed",
            "::1, Requests to localhost are not allowed",
            "0.0.0.0, Requests to localhost are not allowed",
            "::, Requests to localhost are not allowed",
            "::ffff:127.0.0.1, Requests to localhost are not allowed",
            "10.1.2.3, Requests to the local network are not allowed",
            "172.16.0.1, Requests to the local network are not allowed",
            "172.31.255.255, Requests to the local network are not allowed",
            "192.168.0.10, Requests to the local network are not allowed",
            "169.254.169.254, Requests to the local network are not allowed",
            "100.64.0.1, Requests to the local network are not allowed",
            "fe80::1, Requests to the local network are not allowed",
            "fd00::1, Requests to the local network are not allowed",
            "fc00::1, Requests to the local network are not allowed"
        })
        void localAddressesAreRefusedByDefault(String address, String reason) {
            assertThat(OutboundPolicy.DEFAULT.check(address, ip(address), 8093))
                    .isEqualTo(new OutboundDecision.Refused(reason));
        }

        @ParameterizedTest
        @CsvSource({"8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "172.15.255.255"})
        void publicAddressesAreAlwaysAllowed(String address) {
            assertThat(OutboundPolicy.DEFAULT.check(address, ip(address), 443).allowed())
                    .isTrue();
        }

        @Test
        void allowingLocalRequestsAllowsEveryLocalAddress() {
            var policy = new OutboundPolicy(true, List.of());
            assertThat(policy.check("127.0.0.1", ip("127.0.0.1"), 8093).allowed())
                    .isTrue();
            assertThat(policy.check("runner.lan", ip("192.168.1.9"), 8093).allowed())
                    .isTrue();
        }

        @Test
        void theAllowlistLetsThroughWhatItNamesOnly() {
            var policy = allowing("192.168.1.9:8093", "runner.lan", "10.0.0.0/8");
            assertThat(policy.check("192.168.1.9", ip("192.168.1.9"), 8093).allowed())
                    .isTrue();
            assertThat(policy.check("192.168.1.9", ip("192.168.1.9"), 22).allowed())
                    .isFalse();
            // A name on the list is allowed whatever it resolves to.
            assertThat(policy.check("runner.lan", ip("192.168.7.7"), 8093).allowed())
                    .isTrue();
            // A name not on the list that resolves into an allowed range is allowed too.
            assertThat(policy.check("build.lan", ip("10.9.9.9"), 8093).allowed())
                    .isTrue();
            assertThat(policy.check("build.lan", ip("192.168.7.7"), 8093))
                    .isEqualTo(new OutboundDecision.Refused("Requests to the local network are not allowed"));
            assertThat(policy.check("localhost", ip("127.0.0.1"), 8093).allowed())
                    .isFalse();
        }
    }

    @Test
    void theTextOfThePolicyIsWhatTheAdministratorReads() {
        assertThat(allowing("10.1.2.3/8", "[::1]:8093", "*.Example.com").allowlistText())
                .containsExactly("10.0.0.0/8", "[::1]:8093", "*.example.com");
    }

    @Test
    void literalsAreNeverLookedUp() {
        assertThat(Addresses.parseLiteral("example.com")).isEmpty();
        assertThat(Addresses.parseLiteral("1:2")).isEmpty();
        assertThat(Addresses.parseLiteral("[::1]")).contains(ip("::1"));
    }
}
