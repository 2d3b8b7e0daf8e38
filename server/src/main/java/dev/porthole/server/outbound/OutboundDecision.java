package dev.porthole.server.outbound;

/** Whether the server may connect to an address, and if not, why (in GitLab's words). */
public sealed interface OutboundDecision {
    record Allowed() implements OutboundDecision {}

    record Refused(String reason) implements OutboundDecision {}

    default boolean allowed() {
        return this instanceof Allowed;
    }
}
