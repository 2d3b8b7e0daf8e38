package dev.porthole.server.web.terminalconnections;

import dev.porthole.server.terminal.TerminalConnectionEntry;
import dev.porthole.server.terminal.TerminalConnectionFilter;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.admin.AdminAccess;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * {@code /admin/terminals}: every terminal connection of every project, newest first, 50 a page, optionally one
 * user's ({@code ?user=}) or one project's ({@code ?project=namespace/project}). Administrators only (404 for
 * others, as the whole admin area).
 */
@Controller
class AdminTerminalsPage {
    static final String PAGE = "/admin/terminals";

    private final ConnectionLists lists;

    AdminTerminalsPage(ConnectionLists lists) {
        this.lists = lists;
    }

    @GetMapping(PAGE)
    String show(
            Viewer viewer,
            @RequestParam(name = "page", required = false) String page,
            @RequestParam(name = "user", required = false) String user,
            @RequestParam(name = "project", required = false) String project,
            Model model) {
        AdminAccess.require(viewer);
        var filter = TerminalConnectionFilter.all().byUser(user).byProject(project);
        model.addAttribute("list", lists.load(filter, page, PAGE, AdminTerminalsPage::row));
        return "terminalconnections/admin";
    }

    private static ConnectionRow row(TerminalConnectionEntry entry) {
        return new ConnectionRow(entry, userHref(entry), runnerHref(entry));
    }

    static String userHref(TerminalConnectionEntry entry) {
        return entry.username() == null
                ? null
                : "/admin/users/" + UriUtils.encodePathSegment(entry.username(), StandardCharsets.UTF_8);
    }

    /** Admin › Runners lists every runner; each row is an anchor there. */
    static String runnerHref(TerminalConnectionEntry entry) {
        return entry.runnerExists()
                ? "/admin/runners#runner-" + entry.connection().runnerId()
                : null;
    }
}
