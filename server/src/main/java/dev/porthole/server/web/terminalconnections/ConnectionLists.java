package dev.porthole.server.web.terminalconnections;

import dev.porthole.server.terminal.TerminalConnectionEntry;
import dev.porthole.server.terminal.TerminalConnectionFilter;
import dev.porthole.server.terminal.TerminalConnections;
import dev.porthole.server.web.projects.Pagination;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/** Reads one page of connections for either review page; a page past the end shows the last one, as GitLab does. */
@Component
class ConnectionLists {
    static final int PER_PAGE = 50;

    private final TerminalConnections connections;

    ConnectionLists(TerminalConnections connections) {
        this.connections = connections;
    }

    ConnectionList load(
            TerminalConnectionFilter filter,
            String page,
            String base,
            Function<TerminalConnectionEntry, ConnectionRow> row) {
        Integer requested = page != null && page.matches("\\d{1,6}") ? Integer.valueOf(page) : null;
        Pagination pagination = Pagination.of(requested, PER_PAGE, connections.count(filter));
        var rows = connections.page(filter, PER_PAGE, pagination.offset()).stream()
                .map(row)
                .toList();
        return new ConnectionList(
                rows,
                pagination,
                base,
                filter.username() == null ? "" : filter.username(),
                filter.projectFullPath() == null ? "" : filter.projectFullPath());
    }
}
