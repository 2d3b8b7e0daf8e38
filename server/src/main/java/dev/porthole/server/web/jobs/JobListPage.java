package dev.porthole.server.web.jobs;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.User;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.project.ProjectPages;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Every job of a project, newest first, by tab (GitLab's scopes), a page at a time. */
@Controller
class JobListPage {
    static final int PER_PAGE = 30;

    private final ProjectPages pages;
    private final JobService jobs;
    private final AccountService accounts;

    JobListPage(ProjectPages pages, JobService jobs, AccountService accounts) {
        this.pages = pages;
        this.jobs = jobs;
        this.accounts = accounts;
    }

    @GetMapping("/{namespace}/{project}/-/jobs")
    String list(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam(name = "scope", defaultValue = "all") String scopeName,
            @RequestParam(name = "page", defaultValue = "1") String pageNumber,
            Model model) {
        ProjectRole role = pages.read(viewer, namespace, project);
        long projectId = role.project().id();
        JobScope scope = JobScope.of(scopeName);
        List<Long> counts = Arrays.stream(JobScope.values())
                .map(s -> jobs.countJobsOfProject(projectId, s.statuses()))
                .toList();
        long total = counts.get(scope.ordinal());
        int pageCount = (int) Math.max(1, (total + PER_PAGE - 1) / PER_PAGE);
        int page = pageNumber.matches("\\d{1,6}") ? Math.max(1, Integer.parseInt(pageNumber)) : 1;
        Map<Long, Pipeline> pipelines = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        List<JobListView.Row> rows =
                jobs.jobsOfProject(projectId, scope.statuses(), PER_PAGE, (long) (page - 1) * PER_PAGE).stream()
                        .map(job -> new JobListView.Row(
                                job,
                                pipelines.computeIfAbsent(
                                        job.pipelineId(),
                                        id -> jobs.findPipeline(id).orElse(null)),
                                startedBy(job, names)))
                        .toList();
        model.addAttribute("view", new JobListView(role, scope, counts, rows, page, pageCount, total));
        return "jobs/index";
    }

    private String startedBy(Job job, Map<Long, String> names) {
        if (job.userId() == null) {
            return "";
        }
        return names.computeIfAbsent(
                job.userId(), id -> accounts.findUser(id).map(User::name).orElse(""));
    }
}
