package dev.porthole.server.outbound;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Admin › Settings › Network › Outbound requests: whether the server may open connections to this host and the
 * local network (webhooks, integrations, and the interactive terminal sessions runners offer), and the allowlist
 * of addresses, ranges and domains it may reach even when it may not. Public addresses are always allowed.
 *
 * @param allowLocal GitLab's {@code allow_local_requests_from_web_hooks_and_services}
 * @param allowlist GitLab's {@code outbound_local_requests_whitelist}
 */
public record OutboundPolicy(boolean allowLocal, List<AllowlistEntry> allowlist) {
    /** What a new installation has, as in GitLab: no local requests, an empty allowlist. */
    public static final OutboundPolicy DEFAULT = new OutboundPolicy(false, List.of());

    public OutboundPolicy {
        allowlist = List.copyOf(allowlist);
    }

    /** The entries as an administrator reads them. */
    public List<String> allowlistText() {
        return allowlist.stream().map(AllowlistEntry::text).toList();
    }

    /**
     * Whether the allowlist names this host (a domain name or an IP literal, IPv6 with or without brackets) at this
     * port. Domain entries match names; address and range entries match literals.
     */
    public boolean allowlisted(String host, int port) {
        Optional<InetAddress> literal = Addresses.parseLiteral(host);
        if (literal.isPresent()) {
            return allowlisted(literal.get(), port);
        }
        return allowlist.stream()
                .anyMatch(e -> e instanceof AllowlistEntry.Domain d && d.matches(host) && d.allowsPort(port));
    }

    /** Whether an address or range entry covers this (resolved) address at this port. */
    public boolean allowlisted(InetAddress address, int port) {
        return allowlist.stream()
                .anyMatch(entry -> entry.allowsPort(port)
                        && switch (entry) {
                            case AllowlistEntry.Address a -> a.matches(address);
                            case AllowlistEntry.Range r -> r.matches(address);
                            case AllowlistEntry.Domain d -> false;
                        });
    }

    /**
     * Whether the server may connect to {@code host} (as written in the URL) at {@code address} (what it resolved
     * to, checked at connect time against DNS rebinding) and {@code port}.
     */
    public OutboundDecision check(String host, InetAddress address, int port) {
        Addresses.Kind kind = Addresses.kind(address);
        if (kind == Addresses.Kind.PUBLIC || allowLocal || allowlisted(host, port) || allowlisted(address, port)) {
            return new OutboundDecision.Allowed();
        }
        return new OutboundDecision.Refused(
                kind == Addresses.Kind.LOOPBACK
                        ? "Requests to localhost are not allowed"
                        : "Requests to the local network are not allowed");
    }
}
