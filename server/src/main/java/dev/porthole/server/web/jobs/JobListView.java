package dev.porthole.server.web.jobs;

import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.ProjectRole;
import java.util.List;

/**
 * A page of a project's jobs, newest first.
 *
 * @param scope the tab: {@code all}, {@code pending}, {@code running} or {@code finished}
 * @param counts how many jobs each tab has, in the order of {@link JobScope#values()}
 */
public record JobListView(
        ProjectRole role, JobScope scope, List<Long> counts, List<Row> rows, int page, int pages, long total) {

    /** One job with its pipeline and who started it. */
    public record Row(Job job, Pipeline pipeline, String startedBy) {}

    public String base() {
        return "/" + role.project().fullPath();
    }

    public String pageLink(int number) {
        String query = (scope == JobScope.ALL ? "" : "scope=" + scope.wireName() + "&") + "page=" + number;
        return base() + "/-/jobs?" + query;
    }

    public String tabLink(JobScope tab) {
        return base() + "/-/jobs" + (tab == JobScope.ALL ? "" : "?scope=" + tab.wireName());
    }
}
