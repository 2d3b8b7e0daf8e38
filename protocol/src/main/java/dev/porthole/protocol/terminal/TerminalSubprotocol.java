package dev.porthole.protocol.terminal;

import java.util.List;
import java.util.Optional;

/**
 * The websocket subprotocols of a terminal connection, in the order Porthole prefers them. Whoever accepts a
 * connection picks the first of these that the other side offered, whatever order it offered them in.
 */
public enum TerminalSubprotocol {
    /** Porthole's own: typed binary frames with resize, flow control and status; see docs/terminal-protocol.md. */
    PORTHOLE_V1("v1.terminal.porthole.dev"),
    /** GitLab's: binary frames carry raw terminal bytes both ways; text frames from the client are input too. */
    GITLAB("terminal.gitlab.com"),
    /** GitLab's for clients that cannot send binary frames: text frames carrying standard base64 of the bytes. */
    GITLAB_BASE64("base64.terminal.gitlab.com");

    private final String token;

    TerminalSubprotocol(String token) {
        this.token = token;
    }

    /** The name as it appears in {@code Sec-WebSocket-Protocol}. */
    public String token() {
        return token;
    }

    /** The most preferred subprotocol among those offered; empty when none is known (names compare exactly). */
    public static Optional<TerminalSubprotocol> choose(List<String> offered) {
        for (TerminalSubprotocol candidate : values()) {
            if (offered.contains(candidate.token)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Every name, most preferred first: what a client offers when it speaks them all. */
    public static List<String> tokens() {
        return List.of(PORTHOLE_V1.token, GITLAB.token, GITLAB_BASE64.token);
    }
}
