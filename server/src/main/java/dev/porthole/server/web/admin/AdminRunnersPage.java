package dev.porthole.server.web.admin;

import dev.porthole.server.account.User;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.site.ExternalUrl;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/runners}: every runner with what it last said about itself, and what an administrator does to
 * runners: create one (its token shown once), pause, resume, delete, reset its token, reset the legacy registration
 * token.
 */
@Controller
class AdminRunnersPage {
    private final RunnerService runners;
    private final ExternalUrl url;
    private final Clock clock;

    AdminRunnersPage(RunnerService runners, ExternalUrl url, Clock clock) {
        this.runners = runners;
        this.url = url;
        this.clock = clock;
    }

    @GetMapping("/admin/runners")
    String list(Viewer viewer, Model model) {
        AdminAccess.require(viewer);
        List<Runner> all = runners.all().stream()
                .sorted(Comparator.comparingLong(Runner::id).reversed())
                .toList();
        model.addAttribute("runners", all);
        model.addAttribute("now", clock.instant());
        model.addAttribute("registrationToken", runners.registrationToken());
        model.addAttribute("externalUrl", url.base());
        return "admin/runners";
    }

    @GetMapping("/admin/runners/new")
    String newRunner(Viewer viewer, Model model) {
        AdminAccess.require(viewer);
        model.addAttribute("form", RunnerForm.empty());
        return "admin/runner_new";
    }

    @PostMapping("/admin/runners")
    String create(
            Viewer viewer,
            @RequestParam(name = "runner[description]", required = false) String description,
            @RequestParam(name = "runner[tag_list]", required = false) String tagList,
            @RequestParam(name = "runner[run_untagged]", required = false) String runUntagged,
            @RequestParam(name = "runner[paused]", required = false) String paused,
            @RequestParam(name = "runner[maximum_timeout]", required = false) String maximumTimeout,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        User admin = AdminAccess.require(viewer);
        RunnerForm form =
                RunnerForm.submitted(description, tagList, checked(runUntagged), checked(paused), maximumTimeout);
        if (!form.valid()) {
            response.setStatus(422);
            model.addAttribute("form", form);
            return "admin/runner_new";
        }
        var created = runners.createByAdmin(form.options(), admin.id());
        redirect.addFlashAttribute("token", created.token());
        redirect.addFlashAttribute("notice", "Runner #" + created.runner().id() + " created.");
        return "redirect:/admin/runners/" + created.runner().id() + "/register";
    }

    /** Where a new (or re-tokened) runner's token is shown, once: it arrives as a flash attribute of the redirect. */
    @GetMapping("/admin/runners/{id}/register")
    String register(Viewer viewer, @PathVariable long id, Model model) {
        AdminAccess.require(viewer);
        Runner runner = existing(id);
        Object token = model.getAttribute("token");
        model.addAttribute("runner", runner);
        model.addAttribute(
                "setup", token instanceof String t ? new RunnerSetup(id, t, url.base(), clock.instant()) : null);
        return "admin/runner_register";
    }

    @PostMapping("/admin/runners/{id}/pause")
    String pause(Viewer viewer, @PathVariable long id, RedirectAttributes redirect) {
        return setPaused(viewer, id, true, redirect);
    }

    @PostMapping("/admin/runners/{id}/resume")
    String resume(Viewer viewer, @PathVariable long id, RedirectAttributes redirect) {
        return setPaused(viewer, id, false, redirect);
    }

    private String setPaused(Viewer viewer, long id, boolean paused, RedirectAttributes redirect) {
        User admin = AdminAccess.require(viewer);
        if (!runners.setPaused(id, paused, admin.id())) {
            throw missing(id);
        }
        redirect.addFlashAttribute(
                "notice",
                paused
                        ? "Runner #" + id + " paused: it takes no new jobs until you resume it."
                        : "Runner #" + id + " resumed: it takes jobs again.");
        return "redirect:/admin/runners";
    }

    @PostMapping("/admin/runners/{id}/delete")
    String delete(Viewer viewer, @PathVariable long id, RedirectAttributes redirect) {
        User admin = AdminAccess.require(viewer);
        if (!runners.delete(id, admin.id())) {
            throw missing(id);
        }
        redirect.addFlashAttribute(
                "notice",
                "Runner #" + id + " deleted. Its token no longer works; remove it from the runner's config.toml"
                        + " (porthole runner unregister).");
        return "redirect:/admin/runners";
    }

    @PostMapping("/admin/runners/{id}/reset_token")
    String resetToken(Viewer viewer, @PathVariable long id, RedirectAttributes redirect) {
        User admin = AdminAccess.require(viewer);
        var reset = runners.resetToken(id, admin.id()).orElseThrow(() -> missing(id));
        redirect.addFlashAttribute("token", reset.token());
        redirect.addFlashAttribute(
                "notice",
                "Runner #" + id + " has a new token. The old one stopped working: register the runner again with"
                        + " the new one.");
        return "redirect:/admin/runners/" + id + "/register";
    }

    @PostMapping("/admin/runners/reset_registration_token")
    String resetRegistrationToken(Viewer viewer, RedirectAttributes redirect) {
        User admin = AdminAccess.require(viewer);
        runners.resetRegistrationToken(admin.id());
        redirect.addFlashAttribute(
                "notice", "The registration token was reset. The old one no longer registers runners.");
        return "redirect:/admin/runners";
    }

    private Runner existing(long id) {
        return runners.find(id).orElseThrow(() -> missing(id));
    }

    private static PageException missing(long id) {
        return new PageException.NotFound(
                "Runner #" + id + " does not exist. It may have been deleted; see the list of runners.");
    }

    private static boolean checked(String value) {
        return value != null && !value.equals("0") && !value.equalsIgnoreCase("false");
    }
}
