package dev.porthole.server.web.home;

import dev.porthole.server.project.ProjectAccess;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.web.Viewer;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomePage {
    private final ProjectAccess access;

    HomePage(ProjectAccess access) {
        this.access = access;
    }

    @GetMapping({"/", "/explore"})
    String projects(Viewer viewer, Model model) {
        List<ProjectRole> visible = access.visibleTo(viewer.user()).stream()
                .sorted(Comparator.comparing((ProjectRole r) -> r.project().fullPath()))
                .toList();
        model.addAttribute("projects", visible);
        return "home/projects";
    }
}
