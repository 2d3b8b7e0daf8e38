package dev.porthole.server.web.projects;

import dev.porthole.server.account.User;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectException;
import dev.porthole.server.project.ProjectService;
import dev.porthole.server.project.Visibility;
import dev.porthole.server.site.ExternalUrl;
import dev.porthole.server.web.Viewer;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /projects/new} and {@code POST /projects}: a new project in the signed-in user's namespace. */
@Controller
class NewProjectPage {
    private final ProjectService projects;
    private final ExternalUrl url;

    NewProjectPage(ProjectService projects, ExternalUrl url) {
        this.projects = projects;
        this.url = url;
    }

    @GetMapping("/projects/new")
    String form(Viewer viewer, Model model) {
        return render(viewer.required(), ProjectForm.blank(), new FormErrors(), model);
    }

    @PostMapping("/projects")
    String create(
            Viewer viewer,
            @RequestParam(name = "project[name]", defaultValue = "") String name,
            @RequestParam(name = "project[path]", defaultValue = "") String path,
            @RequestParam(name = "project[description]", defaultValue = "") String description,
            @RequestParam(name = "project[visibility]", defaultValue = "private") String visibility,
            @RequestParam(name = "project[initialize_with_readme]", required = false) String readme,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        User user = viewer.required();
        var form = new ProjectForm(name, path, description, visibility, readme != null);
        var errors = new FormErrors();
        Optional<Visibility> chosen = Visibility.fromWireName(visibility);
        if (chosen.isEmpty()) {
            errors.add("visibility", "must be private, internal or public");
        } else {
            try {
                Project project = projects.create(user, name, path, description, chosen.get(), form.readme());
                redirect.addFlashAttribute("notice", "Project '" + project.name() + "' was successfully created.");
                return "redirect:/" + project.fullPath();
            } catch (ProjectException e) {
                errors.add(e.field(), e.getMessage());
            }
        }
        response.setStatus(422);
        return render(user, form, errors, model);
    }

    private String render(User user, ProjectForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("namespacePath", "/" + user.username() + "/");
        model.addAttribute("namespaceUrl", url.base() + "/" + user.username() + "/");
        model.addAttribute("choices", VisibilityChoice.ALL);
        return "projects/new";
    }
}
