package dev.porthole.server.web.admin;

import dev.porthole.server.account.User;
import dev.porthole.server.ciconfig.Durations;
import dev.porthole.server.debughold.DebugHolds;
import dev.porthole.server.debughold.JobHold;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.runner.RunnerStore;
import dev.porthole.server.web.Viewer;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/held_jobs}: failed jobs whose runners keep their environments for debugging (each takes one of its
 * runner's {@code concurrent} slots while held), and the longest a hold may last.
 */
@Controller
class HeldJobsPage {
    private final DebugHolds holds;
    private final JobService jobs;
    private final ProjectStore projects;
    private final RunnerStore runners;
    private final Clock clock;

    HeldJobsPage(DebugHolds holds, JobService jobs, ProjectStore projects, RunnerStore runners, Clock clock) {
        this.holds = holds;
        this.jobs = jobs;
        this.projects = projects;
        this.runners = runners;
        this.clock = clock;
    }

    @GetMapping("/admin/held_jobs")
    String show(Viewer viewer, Model model) {
        AdminAccess.require(viewer);
        return page(model, Durations.goStyle(holds.maximum()), null);
    }

    @PostMapping("/admin/held_jobs/maximum")
    String saveMaximum(
            Viewer viewer,
            @RequestParam(name = "maximum", defaultValue = "") String maximum,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        User admin = AdminAccess.require(viewer);
        Optional<Duration> parsed =
                Durations.parse(maximum).filter(d -> !d.isZero() && d.compareTo(DebugHolds.LARGEST_MAXIMUM) <= 0);
        if (parsed.isEmpty()) {
            response.setStatus(422);
            return page(
                    model,
                    maximum,
                    "Nothing was saved: the maximum must be a duration from 1s to 24h, such as 1h or 90m, not \""
                            + maximum.strip() + "\".");
        }
        holds.setMaximum(parsed.get(), admin.id());
        redirect.addFlashAttribute(
                "notice", "Debug holds now last at most " + Durations.goStyle(parsed.get()) + " from their start.");
        return "redirect:/admin/held_jobs";
    }

    private String page(Model model, String maximumText, String error) {
        var now = clock.instant();
        List<HeldJobRow> held = new ArrayList<>();
        for (JobHold hold : holds.allOpen()) {
            jobs.find(hold.jobId())
                    .ifPresent(job -> projects.findById(job.projectId())
                            .ifPresent(project -> held.add(new HeldJobRow(
                                    hold,
                                    job,
                                    project,
                                    job.runnerId() == null
                                            ? null
                                            : runners.findById(job.runnerId()).orElse(null),
                                    hold.remaining(now)))));
        }
        model.addAttribute("held", held);
        model.addAttribute("maximum", maximumText);
        model.addAttribute("error", error);
        return "admin/held_jobs";
    }
}
