package dev.porthole.server.web.projects;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.User;
import dev.porthole.server.ciconfig.CiConfigError;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.pipeline.PipelineStore;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.repository.RepositoryStorage;
import dev.porthole.server.trigger.PipelineTrigger;
import dev.porthole.server.trigger.TriggerResult;
import dev.porthole.server.web.Format;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.project.ProjectPages;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A project's pipelines, newest first ({@code /-/pipelines}, with {@code /-/pipelines.json} for the live list), and
 * the Run pipeline form ({@code /-/pipelines/new}, developers and up).
 */
@Controller
class PipelinesPage {
    static final int PER_PAGE = 20;

    private final ProjectPages pages;
    private final PipelineStore pipelines;
    private final RepositoryStorage repositories;
    private final AccountService accounts;
    private final PipelineTrigger trigger;

    PipelinesPage(
            ProjectPages pages,
            PipelineStore pipelines,
            RepositoryStorage repositories,
            AccountService accounts,
            PipelineTrigger trigger) {
        this.pages = pages;
        this.pipelines = pipelines;
        this.repositories = repositories;
        this.accounts = accounts;
        this.trigger = trigger;
    }

    @GetMapping("/{namespace}/{project}/-/pipelines")
    String list(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam(name = "page", required = false) Integer page,
            Model model) {
        ProjectRole role = pages.read(viewer, namespace, project);
        Project p = role.project();
        Pagination pagination = Pagination.of(page, PER_PAGE, pipelines.countForProject(p.id()));
        Map<Long, Optional<User>> users = new HashMap<>();
        List<PipelineRow> rows = pipelines.forProject(p.id(), PER_PAGE, pagination.offset()).stream()
                .map(pipeline -> new PipelineRow(
                        pipeline,
                        Format.title(repositories.message(p.id(), pipeline.sha())),
                        pipeline.userId() == null
                                ? null
                                : users.computeIfAbsent(pipeline.userId(), accounts::findUser)
                                        .orElse(null)))
                .toList();
        model.addAttribute("role", role);
        model.addAttribute("rows", rows);
        model.addAttribute("pagination", pagination);
        model.addAttribute("empty", repositories.isEmpty(p.id()));
        return "projects/pipelines";
    }

    /** What the list's script polls: the pipelines of a page with their statuses. */
    @GetMapping(value = "/{namespace}/{project}/-/pipelines.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> listJson(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam(name = "page", required = false) Integer page) {
        Project p = pages.read(viewer, namespace, project).project();
        Pagination pagination = Pagination.of(page, PER_PAGE, pipelines.countForProject(p.id()));
        List<Map<String, Object>> items = pipelines.forProject(p.id(), PER_PAGE, pagination.offset()).stream()
                .map(pipeline -> Map.<String, Object>of(
                        "id", pipeline.id(),
                        "status", pipeline.status().wireName(),
                        "ref", pipeline.ref(),
                        "path", Links.pipeline(p, pipeline.id())))
                .toList();
        return Map.of("count", pagination.total(), "page", pagination.page(), "pipelines", items);
    }

    @GetMapping("/{namespace}/{project}/-/pipelines/new")
    String form(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam(name = "ref", required = false) String ref,
            Model model) {
        ProjectRole role = pages.developer(viewer, namespace, project);
        String chosen = ref == null || ref.isBlank() ? role.project().defaultBranch() : ref;
        return render(role, new RunPipelineForm(chosen, List.of()), new FormErrors(), null, model);
    }

    @PostMapping("/{namespace}/{project}/-/pipelines")
    String run(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam Map<String, String> params,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ProjectRole role = pages.developer(viewer, namespace, project);
        Project p = role.project();
        var form = RunPipelineForm.of(params.get("ref"), params);
        var errors = new FormErrors();
        if (form.ref().isEmpty()) {
            errors.add("ref", "Choose a branch or tag to run the pipeline for");
        }
        form.check(errors);
        Pipeline failed = null;
        if (!errors.any()) {
            TriggerResult result =
                    trigger.forRef(p, form.ref(), "web", viewer.required().id(), form.pipelineVariables());
            switch (result) {
                case TriggerResult.Created created -> {
                    redirect.addFlashAttribute(
                            "notice", "Pipeline #" + created.pipeline().id() + " was created.");
                    return "redirect:" + Links.pipeline(p, created.pipeline().id());
                }
                case TriggerResult.Invalid invalid -> {
                    failed = invalid.pipeline();
                    for (CiConfigError error : invalid.errors()) {
                        errors.add("base", error.describe());
                    }
                }
                case TriggerResult.NoConfig none ->
                    errors.add(
                            "base",
                            "Missing CI config file: " + form.ref() + " has no " + PipelineTrigger.CONFIG_FILE
                                    + ". Add one to the branch, or choose another branch.");
                case TriggerResult.Skipped skipped ->
                    errors.add("base", "No pipeline was created: " + skipped.reason());
                case TriggerResult.UnknownRef unknown ->
                    errors.add("ref", "The branch or tag " + unknown.ref() + " does not exist");
            }
        }
        response.setStatus(422);
        return render(role, form, errors, failed, model);
    }

    private String render(ProjectRole role, RunPipelineForm form, FormErrors errors, Pipeline failed, Model model) {
        long id = role.project().id();
        model.addAttribute("role", role);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("failed", failed);
        model.addAttribute("branches", repositories.branches(id));
        model.addAttribute("tags", repositories.tags(id));
        return "projects/pipeline_new";
    }
}
