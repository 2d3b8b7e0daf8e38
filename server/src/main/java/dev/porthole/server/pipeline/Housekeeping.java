package dev.porthole.server.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link JobService#housekeeping()} on a schedule; every server instance may, at the same time. */
@Component
class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private final JobService jobs;

    Housekeeping(JobService jobs) {
        this.jobs = jobs;
    }

    @Scheduled(
            fixedDelayString = "${porthole.jobs.housekeeping-interval:15s}",
            initialDelayString = "${porthole.jobs.housekeeping-interval:15s}")
    void run() {
        try {
            int changed = jobs.housekeeping();
            if (changed > 0) {
                LOG.info("housekeeping finished {} jobs whose runners went silent", changed);
            }
        } catch (RuntimeException e) {
            LOG.error("housekeeping failed; it runs again at the next interval", e);
        }
    }
}
