package dev.porthole.server.terminal;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The terminal connections this server relays now. Each is recorded when it opens and when it ends, and while open
 * {@link ConnectionHeartbeat} vouches for it, so that one whose server stopped before recording its end is ended by
 * the servers still running.
 */
@Component
public class OpenConnections {
    private final TerminalConnections records;
    private final Set<Long> open = ConcurrentHashMap.newKeySet();

    public OpenConnections(TerminalConnections records) {
        this.records = records;
    }

    /** Records a connection that has just opened on this server; returns its id. */
    public long opened(
            long jobId, long projectId, long userId, Long runnerId, String subprotocol, String client, Instant at) {
        long id = records.opened(jobId, projectId, userId, runnerId, subprotocol, client, at);
        open.add(id);
        return id;
    }

    /** Records how a connection of this server ended. */
    public void ended(long id, Instant at, long bytesToRunner, long bytesToClient, String reason) {
        open.remove(id);
        records.ended(id, at, bytesToRunner, bytesToClient, reason);
    }

    /** The ids of the connections open on this server now. */
    List<Long> ids() {
        return List.copyOf(open);
    }
}
