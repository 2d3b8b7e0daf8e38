package dev.porthole.server.terminal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the sessions of jobs that left {@code running} by any way other than their runner's final report (a
 * cancel, a timeout, a runner gone silent). Access checks never trust a session of a stopped job anyway; this keeps
 * the runner's secret from outliving its job.
 */
@Component
class SessionSweep {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSweep.class);
    private final JobSessionStore sessions;

    SessionSweep(JobSessionStore sessions) {
        this.sessions = sessions;
    }

    @Scheduled(
            fixedDelayString = "${porthole.terminal.session-sweep-interval:5s}",
            initialDelayString = "${porthole.terminal.session-sweep-interval:5s}")
    void run() {
        try {
            int deleted = sessions.deleteOfStoppedJobs();
            if (deleted > 0) {
                LOG.debug("deleted {} terminal sessions of stopped jobs", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not delete terminal sessions of stopped jobs; trying again at the next interval", e);
        }
    }
}
