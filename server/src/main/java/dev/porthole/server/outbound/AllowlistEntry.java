package dev.porthole.server.outbound;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Locale;

/**
 * One entry of the outbound allowlist, as GitLab accepts them: an IP address, a CIDR range or a domain name
 * ({@code *.example.com} for every subdomain), each optionally limited to one port. Parse entries with
 * {@link Allowlist}.
 */
public sealed interface AllowlistEntry {

    /** The port this entry is limited to, or null for every port. */
    Integer port();

    /** The entry as an administrator writes it, normalised (lower case, canonical addresses). */
    String text();

    default boolean allowsPort(int candidate) {
        return port() == null || port() == candidate;
    }

    /** One address: {@code 192.168.1.10}, {@code ::1}, {@code [fd00::5]:8093}, {@code 10.0.0.2:8093}. */
    record Address(InetAddress address, Integer port) implements AllowlistEntry {
        @Override
        public String text() {
            return withPort(address, Addresses.literal(address), port);
        }

        boolean matches(InetAddress candidate) {
            return address.equals(candidate);
        }
    }

    /** A CIDR range: {@code 10.0.0.0/8}, {@code fd00::/8}; a port is written {@code 10.0.0.0/8:8093}. */
    record Range(InetAddress network, int prefixLength, Integer port) implements AllowlistEntry {
        public Range {
            int bits = network.getAddress().length * 8;
            if (prefixLength < 0 || prefixLength > bits) {
                throw new IllegalArgumentException("prefix length must be 0 to " + bits);
            }
            network = Addresses.masked(network, prefixLength);
        }

        @Override
        public String text() {
            return withPort(network, Addresses.literal(network) + "/" + prefixLength, port);
        }

        boolean matches(InetAddress candidate) {
            byte[] net = network.getAddress();
            byte[] other = candidate.getAddress();
            if (net.length != other.length) {
                return false;
            }
            int bits = net.length * 8;
            BigInteger mask = prefixLength == 0
                    ? BigInteger.ZERO
                    : BigInteger.ONE
                            .shiftLeft(prefixLength)
                            .subtract(BigInteger.ONE)
                            .shiftLeft(bits - prefixLength);
            return new BigInteger(1, other).and(mask).equals(new BigInteger(1, net));
        }
    }

    /**
     * A domain name: {@code runner.internal} matches that name only; {@code *.example.com} matches every name below
     * {@code example.com} (not {@code example.com} itself).
     */
    record Domain(String name, boolean wildcard, Integer port) implements AllowlistEntry {
        public Domain {
            name = name.toLowerCase(Locale.ROOT);
        }

        @Override
        public String text() {
            String written = wildcard ? "*." + name : name;
            return port == null ? written : written + ":" + port;
        }

        boolean matches(String host) {
            String candidate = Addresses.normalizeHost(host);
            return wildcard ? candidate.endsWith("." + name) : candidate.equals(name);
        }
    }

    private static String withPort(InetAddress address, String written, Integer port) {
        if (port == null) {
            return written;
        }
        return address instanceof java.net.Inet6Address ? "[" + written + "]:" + port : written + ":" + port;
    }
}
