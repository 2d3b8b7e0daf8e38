package dev.porthole.server.restapi;

import dev.porthole.server.account.Caller;
import dev.porthole.server.ciconfig.Durations;
import dev.porthole.server.debughold.DebugHolds;
import dev.porthole.server.debughold.HoldChange;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.trace.TraceService;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Jobs of a project: get, log, cancel, retry, play. */
@RestController
class JobApiController {
    private final ProjectLookup lookup;
    private final JobService jobs;
    private final TraceService traces;
    private final ApiContext context;
    private final DebugHolds holds;

    JobApiController(ProjectLookup lookup, JobService jobs, TraceService traces, ApiContext context, DebugHolds holds) {
        this.holds = holds;
        this.lookup = lookup;
        this.jobs = jobs;
        this.traces = traces;
        this.context = context;
    }

    @GetMapping("/api/v4/projects/{id}/jobs")
    ResponseEntity<List<Entities.JobEntity>> list(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestParam(name = "scope", required = false) List<String> scope,
            @RequestParam(name = "scope[]", required = false) List<String> scopeArray,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage,
            HttpServletRequest request) {
        ProjectRole role = lookup.readable(id, caller);
        Project project = role.project();
        Set<JobStatus> statuses = PipelineApiController.scopes(scope, scopeArray).stream()
                .map(s -> JobStatus.fromWireName(s).orElseThrow())
                .collect(Collectors.toUnmodifiableSet());
        Page p = Page.of(page, perPage);
        var items = jobs.jobsOfProject(project.id(), statuses, p.perPage(), p.offset()).stream()
                .map(j -> context.job(j, role, caller))
                .toList();
        return ResponseEntity.ok()
                .headers(p.headers(jobs.countJobsOfProject(project.id(), statuses), request, context.baseUrl()))
                .body(items);
    }

    @GetMapping("/api/v4/projects/{id}/jobs/{jobId}")
    Entities.JobEntity get(@AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long jobId) {
        ProjectRole role = lookup.readable(id, caller);
        Project project = role.project();
        return context.job(jobOf(project, jobId), role, caller);
    }

    /** The whole log as it is now, raw bytes (ANSI escapes included), as GitLab answers it. */
    @GetMapping("/api/v4/projects/{id}/jobs/{jobId}/trace")
    ResponseEntity<byte[]> trace(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long jobId) {
        Project project = lookup.readable(id, caller).project();
        Job job = jobOf(project, jobId);
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(traces.read(job.id(), 0));
    }

    /** The log as server-sent events, live while the job runs (Porthole's own; see {@link TraceStream}). */
    @GetMapping(path = "/api/v4/projects/{id}/jobs/{jobId}/trace/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter traceStream(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @PathVariable long jobId,
            @RequestParam(name = "offset", defaultValue = "0") long offset) {
        Project project = lookup.readable(id, caller).project();
        Job job = jobOf(project, jobId);
        return TraceStream.start(
                traces,
                job.id(),
                Math.max(0, offset),
                () -> jobs.find(job.id()).map(j -> j.status().complete()).orElse(true));
    }

    @PostMapping("/api/v4/projects/{id}/jobs/{jobId}/cancel")
    ResponseEntity<Entities.JobEntity> cancel(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long jobId) {
        ProjectRole role = lookup.updatable(id, caller);
        Project project = role.project();
        Job job = jobOf(project, jobId);
        // GitLab answers a job that can no longer be canceled with the job as it is.
        Job after = job.status().complete() || job.status() == JobStatus.CANCELING ? job : jobs.cancel(job);
        return ResponseEntity.status(HttpStatus.CREATED).body(context.job(after, role, caller));
    }

    @PostMapping("/api/v4/projects/{id}/jobs/{jobId}/retry")
    ResponseEntity<Entities.JobEntity> retry(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long jobId) {
        ProjectRole role = lookup.updatable(id, caller);
        Project project = role.project();
        Job job = jobOf(project, jobId);
        if (!job.status().retryable() || job.retried()) {
            throw ApiException.forbidden("Job is not retryable");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(context.job(jobs.retry(job, caller.user().id()), role, caller));
    }

    @PostMapping("/api/v4/projects/{id}/jobs/{jobId}/play")
    Entities.JobEntity play(@AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long jobId) {
        ProjectRole role = lookup.updatable(id, caller);
        Project project = role.project();
        Job job = jobOf(project, jobId);
        if (job.status() != JobStatus.MANUAL && job.status() != JobStatus.SCHEDULED) {
            throw ApiException.badRequest("400 Bad request - Unplayable Job");
        }
        return context.job(jobs.play(job, caller.user().id()), role, caller);
    }

    /**
     * Porthole's own: moves a held job's end later by the duration it asked for, never past the administrator's
     * maximum from the hold's start. 201 with the job; 409 when it already ends at the maximum; 404 when the job is
     * not held.
     */
    @PostMapping("/api/v4/projects/{id}/jobs/{jobId}/hold/extend")
    ResponseEntity<Entities.JobEntity> extendHold(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long jobId) {
        ProjectRole role = lookup.updatable(id, caller);
        Job job = jobOf(role.project(), jobId);
        return switch (holds.extend(job)) {
            case HoldChange.Extended extended ->
                ResponseEntity.status(HttpStatus.CREATED).body(context.job(job, role, caller));
            case HoldChange.AtMaximum atMaximum ->
                throw new ApiException(
                        HttpStatus.CONFLICT,
                        "409 Conflict - The debug hold already ends at the maximum of "
                                + Durations.goStyle(holds.maximum()) + " from its start");
            default -> throw ApiException.notFound("Debug hold");
        };
    }

    /** Porthole's own: ends a held job's hold now; its runner cleans up and the job ends failed. 404 when not held. */
    @PostMapping("/api/v4/projects/{id}/jobs/{jobId}/hold/release")
    ResponseEntity<Entities.JobEntity> releaseHold(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable long jobId) {
        ProjectRole role = lookup.updatable(id, caller);
        Job job = jobOf(role.project(), jobId);
        if (!(holds.release(job, caller.user().id()) instanceof HoldChange.Released)) {
            throw ApiException.notFound("Debug hold");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(context.job(job, role, caller));
    }

    private Job jobOf(Project project, long jobId) {
        return jobs.find(jobId)
                .filter(j -> j.projectId() == project.id())
                .orElseThrow(() -> ApiException.notFound("Job"));
    }
}
