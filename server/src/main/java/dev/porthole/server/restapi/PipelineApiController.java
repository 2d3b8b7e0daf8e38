package dev.porthole.server.restapi;

import dev.porthole.server.account.Caller;
import dev.porthole.server.artifact.ArtifactService;
import dev.porthole.server.ciconfig.CiConfigError;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.pipeline.PipelineStore;
import dev.porthole.server.pipeline.PipelineVariable;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.trigger.PipelineTrigger;
import dev.porthole.server.trigger.TriggerResult;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Pipelines of a project: create ({@code POST .../pipeline}), list, get, their jobs, cancel and retry. */
@RestController
class PipelineApiController {
    private static final Pattern VARIABLE_KEY = Pattern.compile("[A-Za-z0-9_]{1,255}");
    private final ProjectLookup lookup;
    private final PipelineTrigger trigger;
    private final PipelineStore pipelines;
    private final JobService jobs;
    private final ApiContext context;
    private final ArtifactService artifacts;

    PipelineApiController(
            ProjectLookup lookup,
            PipelineTrigger trigger,
            PipelineStore pipelines,
            JobService jobs,
            ApiContext context,
            ArtifactService artifacts) {
        this.artifacts = artifacts;
        this.lookup = lookup;
        this.trigger = trigger;
        this.pipelines = pipelines;
        this.jobs = jobs;
        this.context = context;
    }

    /** The body of {@code POST /projects/:id/pipeline}; {@code ref} may come as a query parameter instead. */
    record CreatePipeline(String ref, List<Map<String, Object>> variables) {}

    @PostMapping("/api/v4/projects/{id}/pipeline")
    ResponseEntity<Entities.PipelineEntity> create(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestParam(name = "ref", required = false) String refParam,
            @RequestBody(required = false) CreatePipeline body) {
        ProjectRole role = lookup.updatable(id, caller);
        String ref = refParam != null ? refParam : body == null ? null : body.ref();
        if (ref == null || ref.isBlank()) {
            throw ApiException.badRequest(Map.of("ref", List.of("is missing")));
        }
        List<PipelineVariable> variables = variables(body == null ? null : body.variables());
        Project project = role.project();
        return switch (trigger.forRef(project, ref, "api", caller.user().id(), variables)) {
            case TriggerResult.Created created ->
                ResponseEntity.status(HttpStatus.CREATED).body(context.pipeline(created.pipeline(), project));
            case TriggerResult.Invalid invalid ->
                throw ApiException.badRequest(Map.of(
                        "base",
                        invalid.errors().stream().map(CiConfigError::describe).toList()));
            case TriggerResult.NoConfig none ->
                throw ApiException.badRequest(Map.of(
                        "base", List.of("Missing CI config file: " + PipelineTrigger.CONFIG_FILE + " at " + ref)));
            case TriggerResult.Skipped skipped ->
                throw ApiException.badRequest(Map.of("base", List.of(skipped.reason())));
            case TriggerResult.UnknownRef unknown ->
                throw ApiException.badRequest(Map.of("base", List.of("Reference not found")));
        };
    }

    /** GitLab's {@code variables} array: {@code key}, {@code value} and {@code variable_type} ({@code env_var}). */
    static List<PipelineVariable> variables(List<Map<String, Object>> given) {
        if (given == null) {
            return List.of();
        }
        List<PipelineVariable> variables = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> entry : given) {
            if (entry == null
                    || !(entry.get("key") instanceof String key)
                    || !VARIABLE_KEY.matcher(key).matches()) {
                throw ApiException.badRequest(Map.of(
                        "variables",
                        List.of("key can contain only letters, digits and '_', and must be 1 to 255 characters")));
            }
            if (!keys.add(key)) {
                throw ApiException.badRequest(Map.of("variables", List.of("key " + key + " is given twice")));
            }
            Object value = entry.get("value");
            if (value != null
                    && !(value instanceof String)
                    && !(value instanceof Number)
                    && !(value instanceof Boolean)) {
                throw ApiException.badRequest(Map.of("variables", List.of("value of " + key + " must be a string")));
            }
            Object type = entry.getOrDefault("variable_type", "env_var");
            if (!"env_var".equals(type) && !"file".equals(type)) {
                throw ApiException.badRequest(
                        Map.of("variables", List.of("variable_type of " + key + " must be env_var or file")));
            }
            variables.add(new PipelineVariable(key, value == null ? "" : String.valueOf(value), "file".equals(type)));
        }
        return variables;
    }

    @GetMapping("/api/v4/projects/{id}/pipelines/{pipelineId}/variables")
    List<Map<String, Object>> variablesOf(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long pipelineId) {
        Project project = lookup.updatable(id, caller).project();
        Pipeline pipeline = pipelineOf(project, pipelineId);
        return jobs.variablesOf(pipeline.id()).stream()
                .map(v -> Map.<String, Object>of(
                        "key", v.key(), "value", v.value(), "variable_type", v.file() ? "file" : "env_var"))
                .toList();
    }

    @DeleteMapping("/api/v4/projects/{id}/pipelines/{pipelineId}")
    ResponseEntity<Void> delete(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long pipelineId) {
        Project project = lookup.owned(id, caller).project();
        Pipeline pipeline = pipelineOf(project, pipelineId);
        artifacts.deleteFiles(jobs.deletePipeline(pipeline));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v4/projects/{id}/pipelines")
    ResponseEntity<List<Entities.PipelineEntity>> list(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage,
            HttpServletRequest request) {
        Project project = lookup.readable(id, caller).project();
        Page p = Page.of(page, perPage);
        var items = pipelines.forProject(project.id(), p.perPage(), p.offset()).stream()
                .map(pipeline -> context.pipeline(pipeline, project))
                .toList();
        return ResponseEntity.ok()
                .headers(p.headers(pipelines.countForProject(project.id()), request, context.baseUrl()))
                .body(items);
    }

    @GetMapping("/api/v4/projects/{id}/pipelines/{pipelineId}")
    Entities.PipelineEntity get(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long pipelineId) {
        Project project = lookup.readable(id, caller).project();
        return context.pipeline(pipelineOf(project, pipelineId), project);
    }

    @GetMapping("/api/v4/projects/{id}/pipelines/{pipelineId}/jobs")
    ResponseEntity<List<Entities.JobEntity>> jobs(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @PathVariable long pipelineId,
            @RequestParam(name = "scope", required = false) List<String> scope,
            @RequestParam(name = "scope[]", required = false) List<String> scopeArray,
            @RequestParam(name = "include_retried", required = false) Boolean includeRetried,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage,
            HttpServletRequest request) {
        ProjectRole role = lookup.readable(id, caller);
        Project project = role.project();
        Pipeline pipeline = pipelineOf(project, pipelineId);
        Set<String> scopes = scopes(scope, scopeArray);
        List<Job> selected = jobs.jobsOf(pipeline.id()).stream()
                .filter(j -> Boolean.TRUE.equals(includeRetried) || !j.retried())
                .filter(j -> scopes.isEmpty() || scopes.contains(j.status().wireName()))
                .toList();
        Page p = Page.of(page, perPage);
        var items = selected.stream()
                .skip(p.offset())
                .limit(p.perPage())
                .map(j -> context.job(j, role, caller))
                .toList();
        return ResponseEntity.ok()
                .headers(p.headers(selected.size(), request, context.baseUrl()))
                .body(items);
    }

    @PostMapping("/api/v4/projects/{id}/pipelines/{pipelineId}/cancel")
    Entities.PipelineEntity cancel(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long pipelineId) {
        Project project = lookup.updatable(id, caller).project();
        return context.pipeline(jobs.cancelPipeline(pipelineOf(project, pipelineId)), project);
    }

    @PostMapping("/api/v4/projects/{id}/pipelines/{pipelineId}/retry")
    ResponseEntity<Entities.PipelineEntity> retry(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long pipelineId) {
        Project project = lookup.updatable(id, caller).project();
        Pipeline retried = jobs.retryPipeline(
                pipelineOf(project, pipelineId), caller.user().id());
        return ResponseEntity.status(HttpStatus.CREATED).body(context.pipeline(retried, project));
    }

    private Pipeline pipelineOf(Project project, long pipelineId) {
        return pipelines
                .findById(pipelineId)
                .filter(p -> p.projectId() == project.id())
                .orElseThrow(() -> ApiException.notFound("Pipeline"));
    }

    static Set<String> scopes(List<String> scope, List<String> scopeArray) {
        Set<String> all = new HashSet<>();
        if (scope != null) {
            all.addAll(scope);
        }
        if (scopeArray != null) {
            all.addAll(scopeArray);
        }
        for (String s : all) {
            if (JobStatus.fromWireName(s).isEmpty()) {
                throw ApiException.badRequest(Map.of("scope", List.of("does not have a valid value: " + s)));
            }
        }
        return all.stream().collect(Collectors.toUnmodifiableSet());
    }
}
