package dev.porthole.server.terminalproxy;

import java.util.Arrays;
import java.util.List;

/** The subprotocols a terminal can speak through the server, in the order the server prefers them. */
final class TerminalSubprotocols {
    static final String PORTHOLE_V1 = "v1.terminal.porthole.dev";
    static final String GITLAB = "terminal.gitlab.com";
    static final String GITLAB_BASE64 = "base64.terminal.gitlab.com";
    static final List<String> SUPPORTED = List.of(PORTHOLE_V1, GITLAB, GITLAB_BASE64);

    private TerminalSubprotocols() {}

    /**
     * The supported ones among what a client offered ({@code Sec-WebSocket-Protocol} values, each possibly a
     * comma-separated list), in the server's order. The runner is offered exactly these, so that both sides end
     * up speaking the same one.
     */
    static List<String> offered(List<String> headerValues) {
        List<String> named = headerValues.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .toList();
        return SUPPORTED.stream().filter(named::contains).toList();
    }
}
