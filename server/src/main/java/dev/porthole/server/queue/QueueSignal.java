package dev.porthole.server.queue;

import java.time.Duration;

/**
 * A version number of the job queue that changes whenever pending jobs may have appeared. Runners send back the
 * version they last saw ({@code X-GitLab-Last-Update} / {@code last_update}); a waiting request returns when it
 * changes.
 *
 * <p>Implementations: in-process for one instance; across instances, one fed by the database's notifications.
 */
public interface QueueSignal {
    /** The current version, as a string for the {@code X-GitLab-Last-Update} header. */
    String version();

    /** Announces that pending jobs may have appeared. */
    void signal();

    /**
     * Waits until the version differs from {@code seen}, or the timeout passes.
     *
     * @return the version when the wait ended
     */
    String awaitChange(String seen, Duration timeout) throws InterruptedException;

    /** Ends every wait now and makes later waits return at once: the server is shutting down. */
    void close();

    boolean closed();
}
