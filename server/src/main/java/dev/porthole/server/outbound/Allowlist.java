package dev.porthole.server.outbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the outbound allowlist as GitLab accepts it: entries separated by new lines, commas, semicolons or spaces;
 * at most {@value #MAX_ENTRIES} entries of at most {@value #MAX_ENTRY_LENGTH} characters. Every bad entry is
 * reported (with its line, when read from a form), so an administrator can fix them all at once.
 */
public final class Allowlist {
    public static final int MAX_ENTRIES = 1000;
    public static final int MAX_ENTRY_LENGTH = 255;

    private static final Pattern SEPARATORS = Pattern.compile("[,;\\s]+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");

    private Allowlist() {}

    /** The outcome of reading an allowlist: every entry, or every problem. */
    public sealed interface Result {
        record Valid(List<AllowlistEntry> entries) implements Result {}

        record Invalid(List<String> problems) implements Result {}
    }

    /** A textarea: one entry a line, though commas, semicolons and spaces separate entries too. */
    public static Result parseText(String text) {
        List<Item> items = new ArrayList<>();
        String[] lines = text == null ? new String[0] : text.split("\\R", -1);
        for (int line = 0; line < lines.length; line++) {
            for (String token : SEPARATORS.split(lines[line].strip())) {
                if (!token.isEmpty()) {
                    items.add(new Item(token, "Line " + (line + 1)));
                }
            }
        }
        return read(items);
    }

    /** An API value: each string may itself hold several entries separated by commas, semicolons or spaces. */
    public static Result parseValues(List<String> values) {
        List<Item> items = new ArrayList<>();
        for (String value : values) {
            for (String token : SEPARATORS.split(value == null ? "" : value.strip())) {
                if (!token.isEmpty()) {
                    items.add(new Item(token, "Entry"));
                }
            }
        }
        return read(items);
    }

    private record Item(String text, String where) {}

    private static Result read(List<Item> items) {
        List<String> problems = new ArrayList<>();
        if (items.size() > MAX_ENTRIES) {
            problems.add("The allowlist has " + items.size() + " entries; it can hold at most " + MAX_ENTRIES
                    + ". Use CIDR ranges or *.domain wildcards to cover several hosts with one entry.");
        }
        // Keyed by normalised text: the same entry written twice is kept once.
        Map<String, AllowlistEntry> entries = new LinkedHashMap<>();
        for (Item item : items) {
            try {
                AllowlistEntry entry = parseEntry(item.text());
                entries.putIfAbsent(entry.text(), entry);
            } catch (IllegalArgumentException bad) {
                problems.add(item.where() + ": “" + shorten(item.text()) + "” " + bad.getMessage());
            }
        }
        return problems.isEmpty()
                ? new Result.Valid(List.copyOf(entries.values()))
                : new Result.Invalid(List.copyOf(problems));
    }

    /**
     * One entry: an address ({@code 10.0.0.5}, {@code ::1}, {@code [::1]:8093}), a range ({@code 10.0.0.0/8},
     * {@code fd00::/8}, with a port {@code 10.0.0.0/8:8093} or {@code [fd00::/8]:8093}) or a domain
     * ({@code runner.internal}, {@code *.example.com}, {@code example.com:8093}).
     *
     * @throws IllegalArgumentException saying what is wrong, to follow the entry in a sentence
     */
    public static AllowlistEntry parseEntry(String raw) {
        String text = raw.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (text.length() > MAX_ENTRY_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_ENTRY_LENGTH + " characters");
        }
        String host;
        Integer port = null;
        boolean bracketed = text.startsWith("[");
        if (bracketed) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(
                        "opens a [ without closing it; write IPv6 with a port as [::1]:8093");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("has “" + rest + "” after the ]; only :port may follow");
                }
                port = port(rest.substring(1));
            }
        } else {
            long colons = text.chars().filter(c -> c == ':').count();
            if (colons == 1) {
                int colon = text.indexOf(':');
                host = text.substring(0, colon);
                port = port(text.substring(colon + 1));
            } else {
                // Several colons: an IPv6 address, which can only take a port in brackets.
                host = text;
            }
        }
        if (host.contains("/")) {
            return range(host, port);
        }
        if (bracketed || Addresses.looksLikeAddress(host)) {
            InetAddress address = Addresses.parseLiteral(host)
                    .orElseThrow(() -> new IllegalArgumentException(
                            bracketed ? "is not a valid IPv6 address" : "is not a valid IP address"));
            return new AllowlistEntry.Address(address, port);
        }
        return domain(host, port);
    }

    private static AllowlistEntry range(String host, Integer port) {
        int slash = host.indexOf('/');
        Optional<InetAddress> network = Addresses.parseLiteral(host.substring(0, slash));
        if (network.isEmpty()) {
            throw new IllegalArgumentException(
                    "is not a valid CIDR range: “" + host.substring(0, slash) + "” is not an IP address");
        }
        int bits = network.get().getAddress().length * 8;
        String prefix = host.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > bits) {
            throw new IllegalArgumentException(
                    "is not a valid CIDR range: the prefix length must be a number from 0 to " + bits);
        }
        return new AllowlistEntry.Range(network.get(), Integer.parseInt(prefix), port);
    }

    private static AllowlistEntry domain(String host, Integer port) {
        String name = host.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!name.chars().allMatch(c -> c < 128)) {
            throw new IllegalArgumentException(
                    "is not a valid domain name; write international names in their" + " xn-- (punycode) form");
        }
        boolean wildcard = name.startsWith("*.");
        String rest = wildcard ? name.substring(2) : name;
        if (rest.contains("*")) {
            throw new IllegalArgumentException(
                    "has a wildcard in the wrong place; only a leading *. is allowed, as in *.example.com");
        }
        if (rest.isEmpty() || rest.length() > 253) {
            throw new IllegalArgumentException("is not a valid domain name");
        }
        for (String label : rest.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("is not a valid IP address, CIDR range or domain name");
            }
        }
        return new AllowlistEntry.Domain(rest, wildcard, port);
    }

    private static int port(String text) {
        if (!DIGITS.matcher(text).matches() || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException(
                    "has an invalid port “" + text + "”; a port is a number from 1 to 65535");
        }
        return Integer.parseInt(text);
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
