package dev.porthole.server.web.jobs;

import dev.porthole.server.pipeline.JobStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The tabs of the jobs list, as GitLab's: which statuses each shows. */
public enum JobScope {
    ALL("All", EnumSet.noneOf(JobStatus.class)),
    PENDING("Pending", EnumSet.of(JobStatus.PENDING)),
    RUNNING("Running", EnumSet.of(JobStatus.RUNNING, JobStatus.CANCELING)),
    FINISHED("Finished", EnumSet.of(JobStatus.SUCCESS, JobStatus.FAILED, JobStatus.CANCELED, JobStatus.SKIPPED));

    private final String title;
    private final Set<JobStatus> statuses;

    JobScope(String title, Set<JobStatus> statuses) {
        this.title = title;
        this.statuses = statuses;
    }

    public String title() {
        return title;
    }

    /** Empty for all. */
    public Set<JobStatus> statuses() {
        return statuses;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tab a {@code scope} parameter names; anything unknown shows all jobs. */
    public static JobScope of(String name) {
        return Arrays.stream(values())
                .filter(s -> s.wireName().equals(name))
                .findFirst()
                .orElse(ALL);
    }
}
