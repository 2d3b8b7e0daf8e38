package dev.porthole.server.restapi;

import dev.porthole.protocol.runnerapi.RunnerRegistration;
import dev.porthole.server.account.Caller;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Runners as administrators manage them: {@code POST /api/v4/user/runners}, {@code GET /api/v4/runners[/all]}, {@code
 * GET /api/v4/projects/:id/runners}. */
@RestController
class RunnerAdminApiController {
    private final RunnerService runners;
    private final ApiContext context;
    private final ProjectLookup lookup;

    RunnerAdminApiController(RunnerService runners, ApiContext context, ProjectLookup lookup) {
        this.runners = runners;
        this.context = context;
        this.lookup = lookup;
    }

    /** The body of {@code POST /user/runners}; {@code tag_list} is an array or a comma-separated string. */
    record CreateRunner(
            String runnerType,
            String description,
            Object tagList,
            Boolean runUntagged,
            Boolean paused,
            Boolean locked,
            Integer maximumTimeout) {}

    @PostMapping("/api/v4/user/runners")
    ResponseEntity<RunnerRegistration> create(@AuthenticationPrincipal Caller caller, @RequestBody CreateRunner body) {
        requireAdmin(caller);
        if (body.runnerType() == null || !body.runnerType().equals("instance_type")) {
            throw ApiException.badRequest(Map.of(
                    "runner_type", List.of("must be instance_type; group and project runners are not supported yet")));
        }
        List<String> tags = switch (body.tagList()) {
            case null -> List.of();
            case String text -> RunnerService.parseTagList(text);
            case List<?> list -> list.stream().map(String::valueOf).toList();
            default -> throw ApiException.badRequest(Map.of("tag_list", List.of("must be an array of strings")));
        };
        try {
            var created = runners.createByAdmin(
                    new RunnerOptions(
                            body.description(),
                            tags,
                            body.runUntagged() == null ? Boolean.TRUE : body.runUntagged(),
                            Boolean.TRUE.equals(body.locked()),
                            Boolean.TRUE.equals(body.paused()),
                            body.maximumTimeout()),
                    caller.user().id());
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(new RunnerRegistration(created.runner().id(), created.token(), null));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(Map.of("maximum_timeout", List.of(e.getMessage())));
        }
    }

    /** Every runner; administrators only. */
    @GetMapping("/api/v4/runners/all")
    List<Entities.RunnerEntity> all(@AuthenticationPrincipal Caller caller) {
        requireAdmin(caller);
        var now = context.clock().instant();
        return runners.all().stream().map(r -> Entities.RunnerEntity.of(r, now)).toList();
    }

    /** The runners the caller owns: instance runners belong to administrators. */
    @GetMapping("/api/v4/runners")
    List<Entities.RunnerEntity> owned(@AuthenticationPrincipal Caller caller) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        return caller.user().admin() ? all(caller) : List.of();
    }

    /** The runners a project's jobs can run on: every instance runner, as Porthole has no others. Maintainers. */
    @GetMapping("/api/v4/projects/{id}/runners")
    List<Entities.RunnerEntity> ofProject(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        lookup.administered(id, caller);
        var now = context.clock().instant();
        return runners.all().stream().map(r -> Entities.RunnerEntity.of(r, now)).toList();
    }

    private static void requireAdmin(Caller caller) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        if (!caller.user().admin()) {
            throw ApiException.forbidden();
        }
    }
}
