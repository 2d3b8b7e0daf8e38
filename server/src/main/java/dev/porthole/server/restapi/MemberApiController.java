package dev.porthole.server.restapi;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.Caller;
import dev.porthole.server.account.User;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Member;
import dev.porthole.server.project.MemberException;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.project.ProjectService;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /projects/:id/members[/all][/:user_id]}: anyone who may read a project lists its members; maintainers add
 * people, change their role and remove them; only owners give the Owner role or touch owners, and the last owner
 * stays. Statuses as GitLab's: 403 for the rules, 404 for an unknown member, 409 for a member added twice.
 */
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

    /** The body of {@code POST .../members}: {@code user_id} or {@code username}, and {@code access_level}. */
    record AddMember(Long userId, String username, Integer accessLevel) {}

    /** The body of {@code PUT .../members/:user_id}. */
    record ChangeMember(Integer accessLevel) {}

    @GetMapping({"/api/v4/projects/{id}/members", "/api/v4/projects/{id}/members/all"})
    ResponseEntity<List<Entities.MemberEntity>> list(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestParam(name = "query", required = false) String query,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage,
            HttpServletRequest request) {
        ProjectRole role = lookup.readable(id, caller);
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<Member> members = projects.members(role.project()).stream()
                .filter(m -> needle.isEmpty()
                        || m.user().username().toLowerCase(Locale.ROOT).contains(needle)
                        || m.user().name().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        Page p = Page.of(page, perPage);
        var items = members.stream()
                .skip(p.offset())
                .limit(p.perPage())
                .map(m -> Entities.MemberEntity.of(m, context.baseUrl()))
                .toList();
        return ResponseEntity.ok()
                .headers(p.headers(members.size(), request, context.baseUrl()))
                .body(items);
    }

    @GetMapping({"/api/v4/projects/{id}/members/{userId}", "/api/v4/projects/{id}/members/all/{userId}"})
    Entities.MemberEntity get(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long userId) {
        ProjectRole role = lookup.readable(id, caller);
        return projects.member(role.project(), userId)
                .map(m -> Entities.MemberEntity.of(m, context.baseUrl()))
                .orElseThrow(() -> ApiException.notFound("Member"));
    }

    @PostMapping("/api/v4/projects/{id}/members")
    ResponseEntity<Entities.MemberEntity> add(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) AddMember body) {
        ProjectRole role = lookup.administered(id, caller);
        if (body == null
                || (body.userId() == null
                        && (body.username() == null || body.username().isBlank()))) {
            throw ApiException.badRequest(Map.of("user_id", List.of("is missing")));
        }
        AccessLevel level = level(body.accessLevel());
        User user = (body.userId() != null
                        ? accounts.findUser(body.userId())
                        : accounts.findUserByUsername(body.username().strip()))
                .orElseThrow(() -> ApiException.notFound("User"));
        Member added = projects.addMember(role, user, level);
        return ResponseEntity.status(HttpStatus.CREATED).body(Entities.MemberEntity.of(added, context.baseUrl()));
    }

    @PutMapping("/api/v4/projects/{id}/members/{userId}")
    Entities.MemberEntity change(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @PathVariable long userId,
            @RequestParam(name = "access_level", required = false) Integer levelParam,
            @RequestBody(required = false) ChangeMember body) {
        ProjectRole role = lookup.administered(id, caller);
        Integer given = levelParam != null ? levelParam : body == null ? null : body.accessLevel();
        AccessLevel level = level(given);
        return Entities.MemberEntity.of(projects.changeMember(role, userId, level), context.baseUrl());
    }

    @DeleteMapping("/api/v4/projects/{id}/members/{userId}")
    ResponseEntity<Void> remove(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long userId) {
        ProjectRole role = lookup.administered(id, caller);
        projects.removeMember(role, userId);
        return ResponseEntity.noContent().build();
    }

    private static AccessLevel level(Integer given) {
        if (given == null) {
            throw ApiException.badRequest(Map.of("access_level", List.of("is missing")));
        }
        return AccessLevel.fromValue(given)
                .filter(l -> l != AccessLevel.NONE)
                .orElseThrow(
                        () -> ApiException.badRequest(Map.of("access_level", List.of("does not have a valid value"))));
    }

    @ExceptionHandler(MemberException.class)
    ResponseEntity<Map<String, Object>> refused(MemberException e) {
        return switch (e.reason()) {
            case ALREADY_MEMBER ->
                ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("message", "Member already exists"));
            case NOT_MEMBER ->
                ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("message", "404 Member Not Found"));
            case OWNERS_ONLY, LAST_OWNER ->
                ResponseEntity.status(HttpStatus.FORBIDDEN)
                        .body(Map.of("message", "403 Forbidden - " + e.getMessage()));
            case NOT_A_ROLE ->
                ResponseEntity.badRequest()
                        .body(Map.of("message", Map.of("access_level", List.of("does not have a valid value"))));
        };
    }
}
