package dev.porthole.server.web.terminal;

import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.terminal.DebugDecision;
import dev.porthole.server.terminal.TerminalAccess;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.project.ProjectPages;
import java.util.Objects;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /<namespace>/<project>/-/jobs/<id>/terminal}, where the job page's Debug button leads. The same people as
 * its websocket: the user who started the job and may update it (404 for a job the viewer cannot see, 403 for one
 * they see but may not debug; anonymous visitors sign in first). For that user the page always answers, and says
 * why when the job has no terminal now, so that a stale Debug tab explains itself.
 */
@Controller
class TerminalPage {
    private final ProjectPages pages;
    private final JobService jobs;
    private final TerminalAccess access;

    TerminalPage(ProjectPages pages, JobService jobs, TerminalAccess access) {
        this.pages = pages;
        this.jobs = jobs;
        this.access = access;
    }

    @GetMapping("/{namespace}/{project}/-/jobs/{id:\\d{1,18}}/terminal")
    String show(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            Model model) {
        if (!viewer.signedIn()) {
            throw new PageException.SignInRequired();
        }
        ProjectRole role = pages.read(viewer, namespace, project);
        Job job = jobs.find(id)
                .filter(j -> j.projectId() == role.project().id())
                .orElseThrow(() -> new PageException.NotFound("Job #" + id + " does not exist in "
                        + role.project().fullPath() + ". It may have been deleted with its pipeline."));
        if (!Objects.equals(job.userId(), viewer.user().id()) || !role.canUpdateJobs()) {
            throw new PageException.Forbidden("Only the user who started this job may open a terminal into it,"
                    + " and only with the Developer role or higher.");
        }
        model.addAttribute(
                "view", new TerminalView(role, job, unavailableReason(job, access.decide(viewer.user(), role, job))));
        return "terminal/show";
    }

    private static String unavailableReason(Job job, DebugDecision decision) {
        return switch (decision) {
            case DebugDecision.Allowed allowed -> null;
            case DebugDecision.UnavailableForOwner unavailable -> unavailable.reason();
            case DebugDecision.Hidden hidden -> {
                String status = job.status().wireName().replace('_', ' ');
                if (job.status().complete()) {
                    yield "Job #" + job.id() + " has finished (" + status + "), so its terminal is gone: a terminal"
                            + " exists only while its job runs.";
                }
                yield job.startedAt() == null
                        ? "Job #" + job.id() + " has not started yet (" + status + "). It has a terminal once a runner"
                                + " runs it: reload this page then."
                        : "Job #" + job.id() + " is " + status + ", so it has no terminal.";
            }
        };
    }
}
