package dev.porthole.server.web.terminalconnections;

import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.terminal.TerminalConnectionFilter;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.project.ProjectPages;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * {@code /<namespace>/<project>/-/terminals}: the terminal connections into this project's jobs, for its maintainers
 * and administrators, as GitLab answers its maintainer pages (developers 403, non-members 404, anonymous to sign
 * in). A user's name narrows the list to that user's connections ({@code ?user=}).
 */
@Controller
class ProjectTerminalsPage {
    private final ProjectPages pages;
    private final ConnectionLists lists;

    ProjectTerminalsPage(ProjectPages pages, ConnectionLists lists) {
        this.pages = pages;
        this.lists = lists;
    }

    @GetMapping("/{namespace}/{project}/-/terminals")
    String show(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam(name = "page", required = false) String page,
            @RequestParam(name = "user", required = false) String user,
            Model model) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        String base = "/" + role.project().fullPath() + "/-/terminals";
        var filter = TerminalConnectionFilter.project(role.project().id()).byUser(user);
        // Runners belong to the admin area: only administrators get a link to one.
        boolean admin = viewer.admin();
        ConnectionList list = lists.load(
                filter,
                page,
                base,
                entry -> new ConnectionRow(
                        entry,
                        entry.username() == null
                                ? null
                                : base + "?user=" + UriUtils.encodeQueryParam(entry.username(), StandardCharsets.UTF_8),
                        admin ? AdminTerminalsPage.runnerHref(entry) : null));
        model.addAttribute("role", role);
        model.addAttribute("list", list);
        return "terminalconnections/project";
    }
}
