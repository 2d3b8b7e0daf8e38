package dev.porthole.server.restapi;

import dev.porthole.server.account.Caller;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectAccess;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.project.ProjectService;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.project.Visibility;
import dev.porthole.server.repository.RepositoryStorage;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v4/projects}: create, list and get projects. */
@RestController
class ProjectApiController {
    private final ProjectService projectService;
    private final ProjectStore projects;
    private final ProjectAccess access;
    private final ProjectLookup lookup;
    private final RepositoryStorage repositories;
    private final ApiContext context;

    ProjectApiController(
            ProjectService projectService,
            ProjectStore projects,
            ProjectAccess access,
            ProjectLookup lookup,
            RepositoryStorage repositories,
            ApiContext context) {
        this.projectService = projectService;
        this.projects = projects;
        this.access = access;
        this.lookup = lookup;
        this.repositories = repositories;
        this.context = context;
    }

    /** The fields of {@code POST /projects} this server uses. */
    record CreateProject(
            String name, String path, String description, String visibility, Boolean initializeWithReadme) {}

    @PostMapping("/api/v4/projects")
    ResponseEntity<Entities.ProjectEntity> create(
            @AuthenticationPrincipal Caller caller, @RequestBody(required = false) CreateProject body) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        if (body == null || (blank(body.name()) && blank(body.path()))) {
            throw ApiException.badRequest(Map.of("name", List.of("can't be blank")));
        }
        Visibility visibility = body.visibility() == null
                ? Visibility.PRIVATE
                : Visibility.fromWireName(body.visibility())
                        .orElseThrow(() -> ApiException.badRequest(
                                Map.of("visibility", List.of("must be one of private, internal, public"))));
        String name = blank(body.name()) ? body.path() : body.name();
        Project project = projectService.create(caller.user(), name, body.path(), body.description(), visibility);
        if (Boolean.TRUE.equals(body.initializeWithReadme())) {
            var who = new PersonIdent(caller.user().name(), caller.user().email());
            repositories.commit(
                    project.id(),
                    project.defaultBranch(),
                    Map.of("README.md", ("# " + project.name() + "\n").getBytes(StandardCharsets.UTF_8)),
                    "Initial commit",
                    who);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(context.project(project));
    }

    @GetMapping("/api/v4/projects")
    ResponseEntity<List<Entities.ProjectEntity>> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage,
            HttpServletRequest request) {
        var user = caller == null ? null : caller.user();
        List<Project> visible = projects.all().stream()
                .filter(p -> access.roleIn(p, user).canSee())
                .toList();
        Page p = Page.of(page, perPage);
        var items = visible.stream()
                .skip(p.offset())
                .limit(p.perPage())
                .map(context::project)
                .toList();
        return ResponseEntity.ok()
                .headers(p.headers(visible.size(), request, context.baseUrl()))
                .body(items);
    }

    @GetMapping("/api/v4/projects/{id}")
    Entities.ProjectEntity get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ProjectRole role = lookup.find(id, caller);
        return context.project(role.project());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
