package dev.porthole.server.web.pipelines;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.User;
import dev.porthole.server.ciconfig.Need;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobException;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.repository.RepositoryStorage;
import dev.porthole.server.web.Format;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.jobs.Flash;
import dev.porthole.server.web.jobs.JobActions;
import dev.porthole.server.web.jobs.JobState;
import dev.porthole.server.web.project.ProjectPages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The pipeline page: its jobs stage by stage, its state as JSON for the page's script, and cancel and retry. */
@Controller
class PipelinePage {
    private static final String PIPELINE = "/{namespace}/{project}/-/pipelines/{id:\\d{1,18}}";

    private final ProjectPages pages;
    private final JobService jobs;
    private final AccountService accounts;
    private final RepositoryStorage repositories;

    PipelinePage(ProjectPages pages, JobService jobs, AccountService accounts, RepositoryStorage repositories) {
        this.pages = pages;
        this.jobs = jobs;
        this.accounts = accounts;
        this.repositories = repositories;
    }

    @GetMapping(PIPELINE)
    String show(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            Model model) {
        ProjectRole role = pages.read(viewer, namespace, project);
        Pipeline pipeline = pipelineOf(role, id);
        List<Job> all = jobs.jobsOf(pipeline.id());
        List<Job> current = all.stream().filter(j -> !j.retried()).toList();
        Map<String, List<PipelineView.Card>> byStage = new LinkedHashMap<>();
        current.stream()
                .sorted(Comparator.comparingInt(Job::stageIndex).thenComparingLong(Job::id))
                .forEach(job -> byStage.computeIfAbsent(job.stage(), s -> new ArrayList<>())
                        .add(new PipelineView.Card(job, needs(job), JobActions.of(job, role), JobState.label(job))));
        List<PipelineView.Stage> stages = byStage.entrySet().stream()
                .map(e -> new PipelineView.Stage(e.getKey(), e.getValue()))
                .toList();
        List<Job> retried = all.stream()
                .filter(Job::retried)
                .sorted(Comparator.comparingLong(Job::id).reversed())
                .toList();
        String triggeredBy = pipeline.userId() == null
                ? ""
                : accounts.findUser(pipeline.userId()).map(User::name).orElse("");
        model.addAttribute(
                "view",
                new PipelineView(
                        role,
                        pipeline,
                        Format.title(repositories.message(role.project().id(), pipeline.sha())),
                        triggeredBy,
                        stages,
                        retried,
                        PipelineActions.of(current, role)));
        return "pipelines/show";
    }

    @GetMapping(PIPELINE + ".json")
    @ResponseBody
    PipelineState state(
            Viewer viewer, @PathVariable String namespace, @PathVariable String project, @PathVariable long id) {
        ProjectRole role = pages.read(viewer, namespace, project);
        Pipeline pipeline = pipelineOf(role, id);
        List<Job> current =
                jobs.jobsOf(pipeline.id()).stream().filter(j -> !j.retried()).toList();
        boolean live = !pipeline.status().complete()
                || current.stream().anyMatch(j -> !j.status().complete());
        return new PipelineState(
                pipeline.id(),
                pipeline.status().wireName(),
                live,
                Format.duration(pipeline.startedAt(), pipeline.finishedAt()),
                PipelineActions.of(current, role),
                current.stream().map(j -> JobState.of(j, role)).toList());
    }

    @PostMapping(PIPELINE + "/cancel")
    String cancel(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            RedirectAttributes redirect) {
        ProjectRole role = pages.developer(viewer, namespace, project);
        Pipeline pipeline = pipelineOf(role, id);
        List<Job> current =
                jobs.jobsOf(pipeline.id()).stream().filter(j -> !j.retried()).toList();
        if (!PipelineActions.of(current, role).cancel()) {
            redirect.addFlashAttribute(
                    Flash.ATTRIBUTE,
                    Flash.error("Pipeline #" + id + " has no jobs left to cancel: it is "
                            + pipeline.status().wireName() + "."));
        } else {
            jobs.cancelPipeline(pipeline);
            redirect.addFlashAttribute(
                    Flash.ATTRIBUTE,
                    Flash.notice(
                            "Pipeline #" + id + " is being canceled: running jobs stop, the others will not run."));
        }
        return "redirect:/" + role.project().fullPath() + "/-/pipelines/" + id;
    }

    @PostMapping(PIPELINE + "/retry")
    String retry(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            RedirectAttributes redirect) {
        ProjectRole role = pages.developer(viewer, namespace, project);
        Pipeline pipeline = pipelineOf(role, id);
        try {
            jobs.retryPipeline(pipeline, viewer.required().id());
            redirect.addFlashAttribute(
                    Flash.ATTRIBUTE, Flash.notice("The failed and canceled jobs of pipeline #" + id + " run again."));
        } catch (JobException e) {
            redirect.addFlashAttribute(
                    Flash.ATTRIBUTE, Flash.error("Pipeline #" + id + " has no failed or canceled jobs to retry."));
        }
        return "redirect:/" + role.project().fullPath() + "/-/pipelines/" + id;
    }

    private Pipeline pipelineOf(ProjectRole role, long id) {
        return jobs.findPipeline(id)
                .filter(p -> p.projectId() == role.project().id())
                .orElseThrow(() -> new PageException.NotFound("Pipeline #" + id + " does not exist in "
                        + role.project().fullPath() + ". It may have been deleted."));
    }

    private static List<String> needs(Job job) {
        List<Need> needs = job.spec().needs();
        return needs == null ? List.of() : needs.stream().map(Need::job).toList();
    }
}
