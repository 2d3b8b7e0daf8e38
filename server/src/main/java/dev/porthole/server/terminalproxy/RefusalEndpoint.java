package dev.porthole.server.terminalproxy;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A browser's websocket that closes as soon as it opens, carrying why its terminal could not be opened. */
public final class RefusalEndpoint implements Session.Listener.AutoDemanding {
    private final int code;
    private final String message;

    RefusalEndpoint(int code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        session.close(code, TerminalRelay.truncate(message), Callback.NOOP);
    }
}
