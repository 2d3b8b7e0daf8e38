package dev.porthole.server.web.jobs;

import dev.porthole.server.ciconfig.Durations;
import dev.porthole.server.debughold.DebugHolds;
import dev.porthole.server.debughold.HoldChange;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.web.Format;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.project.ProjectPages;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The job page's Extend and Release of a debug hold, for developers and up; each answers with a flash message. */
@Controller
class HoldActions {
    private final ProjectPages pages;
    private final JobService jobs;
    private final DebugHolds holds;

    HoldActions(ProjectPages pages, JobService jobs, DebugHolds holds) {
        this.pages = pages;
        this.jobs = jobs;
        this.holds = holds;
    }

    @PostMapping(JobPage.JOB + "/hold/extend")
    String extendHold(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            RedirectAttributes redirect) {
        ProjectRole role = pages.developer(viewer, namespace, project);
        Job job = JobPage.jobOf(jobs, role, id);
        Flash flash = switch (holds.extend(job)) {
            case HoldChange.Extended extended ->
                Flash.notice("The debug hold of job #" + job.id() + " now ends at "
                        + Format.exact(extended.endsAt())
                        + (extended.capped()
                                ? ", the latest an administrator allows (" + Durations.goStyle(holds.maximum())
                                        + " from its start)."
                                : "."));
            case HoldChange.AtMaximum atMaximum ->
                Flash.error("The debug hold of job #" + job.id() + " already ends at the latest an administrator"
                        + " allows (" + Durations.goStyle(holds.maximum()) + " from its start). Release it when you"
                        + " are done, or retry the job with a new hold.");
            default -> notHeld(job);
        };
        redirect.addFlashAttribute(Flash.ATTRIBUTE, flash);
        return JobPage.back(role, job, "");
    }

    @PostMapping(JobPage.JOB + "/hold/release")
    String releaseHold(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            RedirectAttributes redirect) {
        ProjectRole role = pages.developer(viewer, namespace, project);
        Job job = JobPage.jobOf(jobs, role, id);
        Flash flash = holds.release(job, viewer.required().id()) instanceof HoldChange.Released
                ? Flash.notice("The debug hold of job #" + job.id() + " was released: its runner cleans up, and the"
                        + " job ends failed.")
                : notHeld(job);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, flash);
        return JobPage.back(role, job, "");
    }

    private Flash notHeld(Job job) {
        Job now = jobs.find(job.id()).orElse(job);
        return Flash.error("Job #" + job.id() + " is not held for debugging"
                + (now.status() == JobStatus.RUNNING
                        ? " anymore."
                        : ": it is " + now.status().wireName() + "."));
    }
}
