package dev.porthole.server.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.web.Chrome;
import dev.porthole.server.web.Viewer;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** States of admin pages that a shared test database cannot reach, rendered from the compiled templates. */
class AdminTemplatesTest {
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
    private static final Chrome CHROME = new Chrome(Viewer.anonymous(), "_csrf", "token", "/admin", "test");

    private static String render(String template, Map<String, Object> params) {
        var out = new StringOutput();
        TEMPLATES.render(template, params, out);
        return out.toString();
    }

    @Test
    void anEmptyAuditLogSaysWhatWillAppearThere() {
        String page = render(
                "admin/audit_log.jte",
                Map.of("chrome", CHROME, "events", List.of(), "pages", new AuditPages(1, 0, 20)));
        assertThat(page)
                .contains("data-testid=\"audit-empty\"")
                .contains("No changes recorded yet")
                .doesNotContain("class=\"pager\"");
    }

    @Test
    void anInstanceWithoutRunnersSaysHowToGetOne() {
        String page = render(
                "admin/runners.jte",
                Map.of(
                        "chrome",
                        CHROME,
                        "runners",
                        List.of(),
                        "now",
                        java.time.Instant.now(),
                        "registrationToken",
                        "GR1348941abc",
                        "externalUrl",
                        "http://ci.example.com"));
        assertThat(page)
                .contains("data-testid=\"runners-empty\"")
                .contains("Create an instance runner")
                .contains("--url http://ci.example.com --registration-token GR1348941abc");
    }
}
