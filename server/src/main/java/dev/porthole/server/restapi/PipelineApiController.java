package dev.porthole.server.restapi;

import dev.porthole.server.account.Caller;
import dev.porthole.server.ciconfig.CiConfigError;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.pipeline.PipelineStore;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.trigger.PipelineTrigger;
import dev.porthole.server.trigger.TriggerResult;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Pipelines of a project: create ({@code POST .../pipeline}), list, get, their jobs, cancel and retry. */
@RestController
class PipelineApiController {
    private final ProjectLookup lookup;
    private final PipelineTrigger trigger;
    private final PipelineStore pipelines;
    private final JobService jobs;
    private final ApiContext context;

    PipelineApiController(
            ProjectLookup lookup,
            PipelineTrigger trigger,
            PipelineStore pipelines,
            JobService jobs,
            ApiContext context) {
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
        if (body != null && body.variables() != null && !body.variables().isEmpty()) {
            throw ApiException.badRequest(Map.of("variables", List.of("are not supported by Porthole yet")));
        }
        Project project = role.project();
        return switch (trigger.forRef(project, ref, "api", caller.user().id())) {
            case TriggerResult.Created created ->
                ResponseEntity.status(HttpStatus.CREATED).body(context.pipeline(created.pipeline(), project));
            case TriggerResult.Invalid invalid ->
                throw ApiException.badRequest(Map.of(
                        "base",
                        invalid.errors().stream().map(CiConfigError::describe).toList()));
            case TriggerResult.NoConfig none ->
                throw ApiException.badRequest(Map.of(
                        "base", List.of("Missing CI config file: " + PipelineTrigger.CONFIG_FILE + " at " + ref)));
            case TriggerResult.UnknownRef unknown ->
                throw ApiException.badRequest(Map.of("base", List.of("Reference not found")));
        };
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
        Project project = lookup.readable(id, caller).project();
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
                .map(j -> context.job(j, project))
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

    private static Set<String> scopes(List<String> scope, List<String> scopeArray) {
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
