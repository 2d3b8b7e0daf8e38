package dev.porthole.server.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP literals read without ever asking DNS, written in their canonical form (RFC 5952 for IPv6), and sorted into
 * the kinds of address the outbound policy guards.
 */
public final class Addresses {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    private Addresses() {}

    /** Where an address points, as far as the outbound policy cares. */
    public enum Kind {
        /** {@code 127.0.0.0/8}, {@code ::1}, and the unspecified {@code 0.0.0.0}/{@code ::}, which reach this host. */
        LOOPBACK,
        /** Private ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code fc00::/7}), shared and link-local. */
        LOCAL_NETWORK,
        PUBLIC
    }

    /**
     * The address an IP literal denotes, or empty when the text is not one (a domain name, or a malformed address).
     * IPv6 may be written in brackets. Never resolves names.
     */
    public static Optional<InetAddress> parseLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            if (IPV4.matcher(literal).matches()) {
                String[] parts = literal.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    bytes[i] = (byte) Integer.parseInt(parts[i]);
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            if (literal.contains(":") && IPV6_CHARACTERS.matcher(literal).matches()) {
                // The brackets make the JDK treat the text as an IPv6 literal only: no DNS lookup when it is not one.
                return Optional.of(InetAddress.getByName("[" + literal + "]"));
            }
        } catch (UnknownHostException | NumberFormatException malformed) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether the text looks like an IP address (so a failure to read it is a bad address, not a domain name). */
    static boolean looksLikeAddress(String text) {
        return text.contains(":") || text.matches("[0-9.]+");
    }

    /** {@code 10.0.0.1}, {@code ::1}, {@code fd00::5}: the canonical text of an address. */
    public static String literal(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** The network address of {@code address/prefixLength}: the host bits cleared. */
    static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A host name as compared with allowlisted domains: lower case, without brackets or a trailing dot. */
    static String normalizeHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Whether connecting to this address reaches this host, the local network, or the internet. */
    public static Kind kind(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return Kind.LOOPBACK;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Kind.LOOPBACK; // 0.0.0.0/8 means "this host" to most stacks
            }
            if (address.isSiteLocalAddress()
                    || address.isLinkLocalAddress()
                    || (first == 100 && second >= 64 && second <= 127)) { // 100.64.0.0/10, carrier-grade NAT
                return Kind.LOCAL_NETWORK;
            }
            return Kind.PUBLIC;
        }
        boolean uniqueLocal = (b[0] & 0xfe) == 0xfc; // fc00::/7
        if (address.isLinkLocalAddress() || address.isSiteLocalAddress() || uniqueLocal) {
            return Kind.LOCAL_NETWORK;
        }
        return Kind.PUBLIC;
    }
}
