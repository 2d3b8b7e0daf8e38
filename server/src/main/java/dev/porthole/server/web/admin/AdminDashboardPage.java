package dev.porthole.server.web.admin;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.audit.AuditLog;
import dev.porthole.server.outbound.OutboundSettings;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.pipeline.JobStore;
import dev.porthole.server.pipeline.PipelineStore;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.runner.TerminalSupport;
import dev.porthole.server.site.ExternalUrl;
import dev.porthole.server.web.Viewer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /admin}: how big the instance is and what it is doing now, each number linking where it can. */
@Controller
class AdminDashboardPage {
    private final AccountService accounts;
    private final ProjectStore projects;
    private final PipelineStore pipelines;
    private final JobStore jobs;
    private final RunnerService runners;
    private final OutboundSettings outbound;
    private final AuditLog audit;
    private final ExternalUrl url;
    private final Clock clock;

    AdminDashboardPage(
            AccountService accounts,
            ProjectStore projects,
            PipelineStore pipelines,
            JobStore jobs,
            RunnerService runners,
            OutboundSettings outbound,
            AuditLog audit,
            ExternalUrl url,
            Clock clock) {
        this.accounts = accounts;
        this.projects = projects;
        this.pipelines = pipelines;
        this.jobs = jobs;
        this.runners = runners;
        this.outbound = outbound;
        this.audit = audit;
        this.url = url;
        this.clock = clock;
    }

    @GetMapping("/admin")
    String show(Viewer viewer, Model model) {
        AdminAccess.require(viewer);
        Instant now = clock.instant();
        List<Runner> all = runners.all();
        model.addAttribute(
                "counts",
                new AdminCounts(
                        accounts.userCount(),
                        projects.count(),
                        pipelines.count(),
                        jobs.countByStatus(JobStatus.RUNNING),
                        jobs.countByStatus(JobStatus.PENDING),
                        all.size(),
                        all.stream().filter(r -> r.online(now)).count(),
                        all.stream()
                                .filter(r -> r.terminalSupport() == TerminalSupport.OFFERED)
                                .count()));
        model.addAttribute("policy", outbound.current());
        model.addAttribute("recent", audit.page(1, 5));
        model.addAttribute("externalUrl", url.base());
        return "admin/dashboard";
    }
}
