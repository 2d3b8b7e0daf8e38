package dev.porthole.server.queue;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Releases waiting long polls when the server stops, before the web server's graceful shutdown waits for open
 * requests: runners get their "no job" answer at once instead of holding the shutdown for their poll's length.
 */
@Component
class QueueShutdown implements SmartLifecycle {
    private final QueueSignal queue;
    private volatile boolean running;

    QueueShutdown(QueueSignal queue) {
        this.queue = queue;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        queue.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown, which has a lower phase. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
