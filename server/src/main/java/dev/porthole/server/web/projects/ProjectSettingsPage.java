package dev.porthole.server.web.projects;

import dev.porthole.server.artifact.ArtifactService;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectException;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.project.ProjectService;
import dev.porthole.server.project.Visibility;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.project.ProjectPages;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A project's general settings ({@code /-/edit}, maintainers: name, description, visibility) and its deletion
 * (owners, who type the project's path to confirm).
 */
@Controller
class ProjectSettingsPage {
    private final ProjectPages pages;
    private final ProjectService projects;
    private final JobService jobs;
    private final ArtifactService artifacts;

    ProjectSettingsPage(ProjectPages pages, ProjectService projects, JobService jobs, ArtifactService artifacts) {
        this.pages = pages;
        this.projects = projects;
        this.jobs = jobs;
        this.artifacts = artifacts;
    }

    @GetMapping("/{namespace}/{project}/-/edit")
    String edit(Viewer viewer, @PathVariable String namespace, @PathVariable String project, Model model) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        return render(role, SettingsForm.of(role.project()), new FormErrors(), new FormErrors(), model);
    }

    @PostMapping("/{namespace}/{project}/-/edit")
    String update(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam(name = "project[name]", defaultValue = "") String name,
            @RequestParam(name = "project[description]", defaultValue = "") String description,
            @RequestParam(name = "project[visibility]", defaultValue = "") String visibility,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        var form = new SettingsForm(name, description, visibility);
        var errors = new FormErrors();
        Optional<Visibility> chosen = Visibility.fromWireName(visibility);
        if (chosen.isEmpty()) {
            errors.add("visibility", "must be private, internal or public");
        } else {
            try {
                Project updated = projects.update(role.project(), name, description, chosen.get());
                redirect.addFlashAttribute("notice", "Project '" + updated.name() + "' was successfully updated.");
                return "redirect:/" + updated.fullPath() + "/-/edit";
            } catch (ProjectException e) {
                errors.add(e.field(), e.getMessage());
            }
        }
        response.setStatus(422);
        return render(role, form, errors, new FormErrors(), model);
    }

    @PostMapping("/{namespace}/{project}/-/delete")
    String delete(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam(name = "confirm_path", defaultValue = "") String confirmation,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ProjectRole role = pages.require(
                viewer,
                namespace,
                project,
                r -> r.level().atLeast(AccessLevel.OWNER),
                "the Owner role to delete this project");
        Project p = role.project();
        if (!confirmation.strip().equals(p.fullPath())) {
            var errors = new FormErrors()
                    .add("confirm_path", "Type " + p.fullPath() + " exactly to confirm; nothing was deleted");
            response.setStatus(422);
            return render(role, SettingsForm.of(p), new FormErrors(), errors, model);
        }
        // Rows go with the project; the jobs' files on disk are removed once those rows are gone.
        List<Long> jobIds = jobs.jobsOfProject(p.id(), Set.of(), Integer.MAX_VALUE, 0).stream()
                .map(Job::id)
                .toList();
        projects.delete(p);
        artifacts.deleteFiles(jobIds);
        redirect.addFlashAttribute("notice", "Project '" + p.fullPath() + "' was deleted, with its repository.");
        return "redirect:/";
    }

    private String render(
            ProjectRole role, SettingsForm form, FormErrors errors, FormErrors deleteErrors, Model model) {
        model.addAttribute("role", role);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("deleteErrors", deleteErrors);
        model.addAttribute("choices", VisibilityChoice.ALL);
        return "projects/edit";
    }
}
