package dev.porthole.server.terminalproxy;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The clock of open terminals: their pings, their watch on the job and its permission, the end of their clients. */
@Component
class TerminalTimer {
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(
            1, Thread.ofPlatform().name("terminal-watch-", 0).daemon().factory());
    private final Duration permissionInterval;

    TerminalTimer(@Value("${porthole.terminal.permission-check-interval:5m}") Duration permissionInterval) {
        this.permissionInterval = permissionInterval;
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    /** How often an open terminal checks that its user may still debug the job. */
    Duration permissionInterval() {
        return permissionInterval;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
