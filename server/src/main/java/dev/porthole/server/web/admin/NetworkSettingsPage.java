package dev.porthole.server.web.admin;

import dev.porthole.server.account.User;
import dev.porthole.server.outbound.Allowlist;
import dev.porthole.server.outbound.OutboundPolicy;
import dev.porthole.server.outbound.OutboundSettings;
import dev.porthole.server.web.Viewer;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/application_settings/network}: Outbound requests. A form with a bad allowlist entry saves nothing
 * and comes back with every problem named by its line, and with what was typed.
 */
@Controller
class NetworkSettingsPage {
    static final String ALLOW_LOCAL_FIELD = "application_setting[allow_local_requests_from_web_hooks_and_services]";
    static final String ALLOWLIST_FIELD = "application_setting[outbound_local_requests_allowlist_raw]";

    private final OutboundSettings outbound;

    NetworkSettingsPage(OutboundSettings outbound) {
        this.outbound = outbound;
    }

    @GetMapping("/admin/application_settings/network")
    String show(Viewer viewer, Model model) {
        AdminAccess.require(viewer);
        OutboundPolicy policy = outbound.current();
        model.addAttribute(
                "form", new NetworkForm(policy.allowLocal(), String.join("\n", policy.allowlistText()), List.of()));
        return "admin/network";
    }

    @PostMapping("/admin/application_settings/network")
    String save(
            Viewer viewer,
            @RequestParam(name = ALLOW_LOCAL_FIELD, required = false) String allowLocal,
            @RequestParam(name = ALLOWLIST_FIELD, required = false) String allowlist,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        User admin = AdminAccess.require(viewer);
        boolean allow = "1".equals(allowLocal) || "true".equalsIgnoreCase(allowLocal) || "on".equals(allowLocal);
        String text = allowlist == null ? "" : allowlist;
        switch (Allowlist.parseText(text)) {
            case Allowlist.Result.Invalid invalid -> {
                response.setStatus(422);
                model.addAttribute("form", new NetworkForm(allow, text, invalid.problems()));
                return "admin/network";
            }
            case Allowlist.Result.Valid valid -> {
                outbound.update(new OutboundPolicy(allow, valid.entries()), admin.id());
                redirect.addFlashAttribute("notice", "Outbound request settings saved.");
                return "redirect:/admin/application_settings/network";
            }
        }
    }
}
