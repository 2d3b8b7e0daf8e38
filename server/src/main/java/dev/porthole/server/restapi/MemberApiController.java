package dev.porthole.server.restapi;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.Caller;
import dev.porthole.server.account.User;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectService;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /projects/:id/members}: maintainers give people a role in their project. */
@RestController
class MemberApiController {
    private final ProjectLookup lookup;
    private final ProjectService projects;
    private final AccountService accounts;
    private final ApiContext context;

    MemberApiController(ProjectLookup lookup, ProjectService projects, AccountService accounts, ApiContext context) {
        this.lookup = lookup;
        this.projects = projects;
        this.accounts = accounts;
        this.context = context;
    }

    record AddMember(Long userId, Integer accessLevel) {}

    @PostMapping("/api/v4/projects/{id}/members")
    ResponseEntity<Entities.MemberEntity> add(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) AddMember body) {
        Project project = lookup.administered(id, caller).project();
        if (body == null || body.userId() == null) {
            throw ApiException.badRequest(Map.of("user_id", List.of("is missing")));
        }
        if (body.accessLevel() == null) {
            throw ApiException.badRequest(Map.of("access_level", List.of("is missing")));
        }
        User user = accounts.findUser(body.userId()).orElseThrow(() -> ApiException.notFound("User"));
        AccessLevel level = AccessLevel.fromValue(body.accessLevel())
                .orElseThrow(
                        () -> ApiException.badRequest(Map.of("access_level", List.of("does not have a valid value"))));
        if (!projects.addMember(project, user, level)) {
            throw new ApiException(HttpStatus.CONFLICT, "Member already exists");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Entities.MemberEntity(
                        user.id(),
                        user.username(),
                        user.name(),
                        user.state(),
                        null,
                        context.baseUrl() + "/" + user.username(),
                        level.value()));
    }
}
