package dev.porthole.server.web.terminalconnections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.web.Chrome;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.projects.Pagination;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin list's empty state, which a shared test database cannot reach, rendered from the compiled template. */
class TerminalConnectionTemplatesTest {
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
    private static final Chrome CHROME = new Chrome(Viewer.anonymous(), "_csrf", "token", "/admin/terminals", "test");

    @Test
    void anInstanceWhereNoTerminalWasOpenedSaysHowTerminalsAreTurnedOn() {
        var empty = new ConnectionList(List.of(), Pagination.of(1, 50, 0), "/admin/terminals", "", "");
        var out = new StringOutput();
        TEMPLATES.render("terminalconnections/admin.jte", Map.of("chrome", CHROME, "list", empty), out);

        assertThat(out.toString())
                .contains("data-testid=\"terminals-empty\"")
                .contains("No terminal has been opened yet")
                .contains("[session_server]")
                .contains("docs/terminals.md")
                .contains("href=\"/admin/runners\"")
                .contains("href=\"/admin/application_settings/network\"")
                .doesNotContain("data-testid=\"terminals-filter\"")
                .doesNotContain("class=\"pager\"");
    }
}
