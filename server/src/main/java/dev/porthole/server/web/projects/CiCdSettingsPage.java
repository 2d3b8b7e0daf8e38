package dev.porthole.server.web.projects;

import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.variable.ProjectVariable;
import dev.porthole.server.variable.ProjectVariableService;
import dev.porthole.server.variable.VariableException;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.project.ProjectPages;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /-/settings/ci_cd} for maintainers: the project's CI/CD variables (add, edit, delete, with GitLab's rules
 * for keys and masked values) and the runners its jobs can run on.
 */
@Controller
class CiCdSettingsPage {
    private static final String PAGE = "/-/settings/ci_cd";

    private final ProjectPages pages;
    private final ProjectVariableService variables;
    private final RunnerService runners;
    private final Clock clock;

    CiCdSettingsPage(ProjectPages pages, ProjectVariableService variables, RunnerService runners, Clock clock) {
        this.pages = pages;
        this.variables = variables;
        this.runners = runners;
        this.clock = clock;
    }

    @GetMapping("/{namespace}/{project}" + PAGE)
    String show(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam(name = "edit", required = false) String edit,
            Model model) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        VariableForm form = edit == null
                ? VariableForm.blank()
                : variables
                        .find(role.project().id(), edit)
                        .map(VariableForm::of)
                        .orElseThrow(() -> missing(role.project(), edit));
        return render(role, form, new FormErrors(), model);
    }

    @PostMapping("/{namespace}/{project}" + PAGE + "/variables")
    String create(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam(name = "variable[key]", defaultValue = "") String key,
            @RequestParam(name = "variable[value]", defaultValue = "") String value,
            @RequestParam(name = "variable[variable_type]", defaultValue = "env_var") String type,
            @RequestParam(name = "variable[protected]", required = false) String protectedOnly,
            @RequestParam(name = "variable[masked]", required = false) String masked,
            @RequestParam(name = "variable[expand]", required = false) String expand,
            @RequestParam(name = "variable[description]", defaultValue = "") String description,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        var form = new VariableForm(
                null, key, value, type, protectedOnly != null, masked != null, expand != null, description);
        try {
            ProjectVariable created = variables.create(role.project().id(), form.toVariable(null));
            redirect.addFlashAttribute("notice", "Variable " + created.key() + " was added.");
            return redirectToPage(role.project());
        } catch (VariableException e) {
            response.setStatus(422);
            return render(role, form, new FormErrors().add(e.field(), e.getMessage()), model);
        }
    }

    @PostMapping("/{namespace}/{project}" + PAGE + "/variables/{key}")
    String update(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable String key,
            @RequestParam(name = "variable[value]", defaultValue = "") String value,
            @RequestParam(name = "variable[variable_type]", defaultValue = "env_var") String type,
            @RequestParam(name = "variable[protected]", required = false) String protectedOnly,
            @RequestParam(name = "variable[masked]", required = false) String masked,
            @RequestParam(name = "variable[expand]", required = false) String expand,
            @RequestParam(name = "variable[description]", defaultValue = "") String description,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        ProjectVariable existing =
                variables.find(role.project().id(), key).orElseThrow(() -> missing(role.project(), key));
        var form = new VariableForm(
                key, key, value, type, protectedOnly != null, masked != null, expand != null, description);
        try {
            // An empty value keeps a masked value, which the form does not show again.
            variables.update(role.project().id(), form.toVariable(existing.masked() ? existing.value() : null));
            redirect.addFlashAttribute("notice", "Variable " + key + " was updated.");
            return redirectToPage(role.project());
        } catch (VariableException e) {
            response.setStatus(422);
            return render(role, form, new FormErrors().add(e.field(), e.getMessage()), model);
        }
    }

    @PostMapping("/{namespace}/{project}" + PAGE + "/variables/{key}/delete")
    String delete(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable String key,
            RedirectAttributes redirect) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        if (!variables.delete(role.project().id(), key)) {
            throw missing(role.project(), key);
        }
        redirect.addFlashAttribute("notice", "Variable " + key + " was deleted.");
        return redirectToPage(role.project());
    }

    private static String redirectToPage(Project project) {
        return "redirect:/" + project.fullPath() + PAGE;
    }

    private static PageException missing(Project project, String key) {
        return new PageException.NotFound(
                project.fullPath() + " has no variable " + key + ". It may have been deleted meanwhile.");
    }

    private String render(ProjectRole role, VariableForm form, FormErrors errors, Model model) {
        var now = clock.instant();
        model.addAttribute("role", role);
        model.addAttribute("variables", variables.list(role.project().id()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "runners", runners.all().stream().map(r -> RunnerRow.of(r, now)).toList());
        return "projects/ci_cd";
    }
}
