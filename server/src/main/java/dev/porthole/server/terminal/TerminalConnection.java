package dev.porthole.server.terminal;

import java.time.Instant;

/**
 * One terminal connection through the server, as admins and maintainers review it.
 *
 * @param client {@code browser} (signed in, from the page) or {@code token} (a command-line client)
 * @param endedAt null while connected
 * @param closeReason how it ended, in words; null while connected
 */
public record TerminalConnection(
        long id,
        long jobId,
        long projectId,
        Long userId,
        Long runnerId,
        String subprotocol,
        String client,
        Instant startedAt,
        Instant endedAt,
        long bytesToRunner,
        long bytesToClient,
        String closeReason) {

    public boolean open() {
        return endedAt == null;
    }
}
