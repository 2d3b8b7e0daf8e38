package dev.porthole.server.web.terminalconnections;

import dev.porthole.server.web.projects.Pagination;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.util.UriUtils;

/**
 * A page of connections with what the page needs around it: its address, the filters typed into it (empty when
 * none) and links to the pages before and after that keep those filters.
 */
public record ConnectionList(
        List<ConnectionRow> rows, Pagination pagination, String base, String user, String project) {

    public boolean filtered() {
        return !user.isEmpty() || !project.isEmpty();
    }

    public String pageHref(int page) {
        return href(user, project, page);
    }

    private String href(String user, String project, int page) {
        List<String> query = new ArrayList<>();
        if (!user.isEmpty()) {
            query.add("user=" + UriUtils.encodeQueryParam(user, StandardCharsets.UTF_8));
        }
        if (!project.isEmpty()) {
            query.add("project=" + UriUtils.encodeQueryParam(project, StandardCharsets.UTF_8));
        }
        if (page > 1) {
            query.add("page=" + page);
        }
        return query.isEmpty() ? base : base + "?" + String.join("&", query);
    }
}
