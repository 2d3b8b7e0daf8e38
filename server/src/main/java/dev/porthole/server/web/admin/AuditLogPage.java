package dev.porthole.server.web.admin;

import dev.porthole.server.audit.AuditEvent;
import dev.porthole.server.audit.AuditLog;
import dev.porthole.server.web.Viewer;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /admin/audit_log}: the changes made to settings and runners, newest first, a page at a time. */
@Controller
class AuditLogPage {
    static final int PER_PAGE = 20;
    private final AuditLog audit;

    AuditLogPage(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit_log")
    String show(Viewer viewer, @RequestParam(defaultValue = "1") String page, Model model) {
        AdminAccess.require(viewer);
        long total = audit.count();
        int requested = page.matches("\\d{1,6}") ? Math.max(1, Integer.parseInt(page)) : 1;
        AuditPages pages = new AuditPages(requested, total, PER_PAGE);
        int shown = (int) Math.min(requested, pages.last());
        List<AuditEvent> events = audit.page(shown, PER_PAGE);
        model.addAttribute("events", events);
        model.addAttribute("pages", new AuditPages(shown, total, PER_PAGE));
        return "admin/audit_log";
    }
}
