package dev.porthole.server.restapi;

import dev.porthole.server.account.Caller;
import dev.porthole.server.project.Project;
import dev.porthole.server.variable.ProjectVariable;
import dev.porthole.server.variable.ProjectVariableService;
import dev.porthole.server.variable.VariableException;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.springframework.web.bind.annotation.RestController;

/** A project's CI/CD variables ({@code /projects/:id/variables}): maintainers and owners only, as in GitLab. */
@RestController
class VariableApiController {
    private final ProjectLookup lookup;
    private final ProjectVariableService variables;

    VariableApiController(ProjectLookup lookup, ProjectVariableService variables) {
        this.lookup = lookup;
        this.variables = variables;
    }

    @GetMapping("/api/v4/projects/{id}/variables")
    List<Map<String, Object>> list(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        Project project = lookup.administered(id, caller).project();
        return variables.list(project.id()).stream()
                .map(VariableApiController::entity)
                .toList();
    }

    @GetMapping("/api/v4/projects/{id}/variables/{key}")
    Map<String, Object> get(@AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable String key) {
        Project project = lookup.administered(id, caller).project();
        return entity(existing(project, key));
    }

    @PostMapping("/api/v4/projects/{id}/variables")
    ResponseEntity<Map<String, Object>> create(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) Map<String, Object> body) {
        Project project = lookup.administered(id, caller).project();
        Map<String, Object> given = body == null ? Map.of() : body;
        ProjectVariable created = variables.create(project.id(), fromBody(given, null));
        return ResponseEntity.status(HttpStatus.CREATED).body(entity(created));
    }

    @PutMapping("/api/v4/projects/{id}/variables/{key}")
    Map<String, Object> update(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @PathVariable String key,
            @RequestBody(required = false) Map<String, Object> body) {
        Project project = lookup.administered(id, caller).project();
        ProjectVariable current = existing(project, key);
        Map<String, Object> given = new LinkedHashMap<>(body == null ? Map.of() : body);
        given.put("key", key);
        return entity(variables.update(project.id(), fromBody(given, current)));
    }

    @DeleteMapping("/api/v4/projects/{id}/variables/{key}")
    ResponseEntity<Void> delete(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable String key) {
        Project project = lookup.administered(id, caller).project();
        if (!variables.delete(project.id(), key)) {
            throw ApiException.notFound("Variable");
        }
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(VariableException.class)
    ResponseEntity<Map<String, Object>> invalid(VariableException e) {
        return ResponseEntity.badRequest().body(Map.of("message", Map.of(e.field(), List.of(e.getMessage()))));
    }

    private ProjectVariable existing(Project project, String key) {
        return variables.find(project.id(), key).orElseThrow(() -> ApiException.notFound("Variable"));
    }

    /** A variable from a request body; fields left out keep their current values (or GitLab's defaults). */
    static ProjectVariable fromBody(Map<String, Object> body, ProjectVariable current) {
        return new ProjectVariable(
                text(body, "key", current == null ? null : current.key()),
                text(body, "value", current == null ? null : current.value()),
                text(body, "variable_type", current == null ? "env_var" : current.variableType()),
                flag(body, "protected", current != null && current.protectedOnly()),
                flag(body, "masked", current != null && current.masked()),
                flag(body, "raw", current != null && current.raw()),
                text(body, "environment_scope", current == null ? "*" : current.environmentScope()),
                text(body, "description", current == null ? null : current.description()));
    }

    private static String text(Map<String, Object> body, String field, String fallback) {
        Object value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new VariableException(field, "must be a string");
    }

    private static boolean flag(Map<String, Object> body, String field, boolean fallback) {
        return switch (body.get(field)) {
            case null -> fallback;
            case Boolean b -> b;
            case String s when s.equals("true") || s.equals("1") -> true;
            case String s when s.equals("false") || s.equals("0") -> false;
            default -> throw new VariableException(field, "must be true or false");
        };
    }

    static Map<String, Object> entity(ProjectVariable variable) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("variable_type", variable.variableType());
        entity.put("key", variable.key());
        entity.put("value", variable.value());
        entity.put("protected", variable.protectedOnly());
        entity.put("masked", variable.masked());
        entity.put("hidden", false);
        entity.put("raw", variable.raw());
        entity.put("environment_scope", variable.environmentScope());
        entity.put("description", variable.description());
        return entity;
    }
}
