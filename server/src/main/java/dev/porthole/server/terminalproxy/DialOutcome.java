package dev.porthole.server.terminalproxy;

import org.eclipse.jetty.websocket.api.Session;

/** The result of dialling a runner's session server for a terminal. */
sealed interface DialOutcome {

    /** Joined: the runner's websocket, the subprotocol it chose, and what to stop when the terminal ends. */
    record Connected(Session runner, String subprotocol, AutoCloseable client) implements DialOutcome {}

    /** Not joined; {@code message} says what happened and, where it can, what to do, for the person at the page. */
    record Failed(DialFailure failure, String message) implements DialOutcome {}
}
