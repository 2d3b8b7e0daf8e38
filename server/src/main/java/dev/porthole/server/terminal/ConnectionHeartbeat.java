package dev.porthole.server.terminal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Vouches for the terminal connections this server relays, and ends those that no server has vouched for in three
 * intervals: their server stopped or crashed without recording how they ended. Every server runs it, so a connection
 * is ended by whichever survives; it then ends when it was last seen, with a reason that says so.
 */
@Component
class ConnectionHeartbeat {
    static final String REASON = "the server relaying it stopped; the bytes sent were not counted";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHeartbeat.class);
    private static final int MISSED_BEATS = 3;

    private final OpenConnections open;
    private final TerminalConnections records;
    private final Clock clock;
    private final Duration interval;

    ConnectionHeartbeat(
            OpenConnections open,
            TerminalConnections records,
            Clock clock,
            @Value("${porthole.terminal.connection-heartbeat:60s}") Duration interval) {
        this.open = open;
        this.records = records;
        this.clock = clock;
        this.interval = interval;
    }

    @Scheduled(
            fixedDelayString = "${porthole.terminal.connection-heartbeat:60s}",
            initialDelayString = "${porthole.terminal.connection-heartbeat:60s}")
    void run() {
        try {
            Instant now = clock.instant();
            records.seen(open.ids(), now);
            int ended = records.endUnseen(now.minus(interval.multipliedBy(MISSED_BEATS)), REASON);
            if (ended > 0) {
                LOG.info("recorded the end of {} terminal connections whose server stopped while relaying them", ended);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not vouch for open terminal connections; trying again at the next interval", e);
        }
    }
}
