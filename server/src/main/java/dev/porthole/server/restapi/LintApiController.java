package dev.porthole.server.restapi;

import dev.porthole.server.account.Caller;
import dev.porthole.server.ciconfig.JobDefinition;
import dev.porthole.server.project.Project;
import dev.porthole.server.trigger.ConfigLinter;
import dev.porthole.server.trigger.LintReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** GitLab's CI lint: {@code POST /projects/:id/ci/lint} checks a text, {@code GET} the project's own file. */
@RestController
class LintApiController {
    private final ProjectLookup lookup;
    private final ConfigLinter linter;

    LintApiController(ProjectLookup lookup, ConfigLinter linter) {
        this.lookup = lookup;
        this.linter = linter;
    }

    /** The body of the {@code POST}; {@code dry_run} is accepted and always on: the linter never makes a pipeline. */
    record LintRequest(String content, Boolean dryRun, Boolean includeJobs, String ref) {}

    @PostMapping("/api/v4/projects/{id}/ci/lint")
    Map<String, Object> lintContent(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) LintRequest body) {
        Project project = lookup.readable(id, caller).project();
        if (body == null || body.content() == null) {
            throw ApiException.badRequest(Map.of("content", List.of("is missing")));
        }
        LintReport report = linter.lint(project, body.content(), body.ref(), userId(caller));
        return entity(report, Boolean.TRUE.equals(body.includeJobs()));
    }

    @GetMapping("/api/v4/projects/{id}/ci/lint")
    Map<String, Object> lintProject(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestParam(name = "content_ref", required = false) String contentRef,
            @RequestParam(name = "sha", required = false) String sha,
            @RequestParam(name = "dry_run_ref", required = false) String dryRunRef,
            @RequestParam(name = "include_jobs", required = false) Boolean includeJobs) {
        Project project = lookup.readable(id, caller).project();
        String ref = firstOf(contentRef, sha, dryRunRef, project.defaultBranch());
        LintReport report = linter.lintRef(project, ref, userId(caller))
                .orElseGet(() -> new LintReport(
                        false,
                        List.of("Please provide content of .gitlab-ci.yml: none at " + ref),
                        List.of(),
                        null,
                        List.of(),
                        List.of()));
        return entity(report, Boolean.TRUE.equals(includeJobs));
    }

    private static String firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }

    private static Long userId(Caller caller) {
        return caller == null ? null : caller.user().id();
    }

    private static Map<String, Object> entity(LintReport report, boolean includeJobs) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("valid", report.valid());
        entity.put("errors", report.errors());
        entity.put("warnings", report.warnings());
        entity.put("merged_yaml", report.mergedYaml());
        entity.put(
                "includes",
                report.includes().stream()
                        .map(file -> Map.of("type", "local", "location", file, "raw", file))
                        .toList());
        if (includeJobs) {
            entity.put(
                    "jobs", report.jobs().stream().map(LintApiController::job).toList());
        }
        return entity;
    }

    private static Map<String, Object> job(JobDefinition job) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("name", job.name());
        entity.put("stage", job.stage());
        entity.put("before_script", job.beforeScript());
        entity.put("script", job.script());
        entity.put("after_script", job.afterScript());
        entity.put("tag_list", job.tags());
        entity.put("environment", null);
        entity.put("when", job.when().wireName());
        entity.put("allow_failure", job.allowFailure());
        entity.put(
                "needs",
                job.needs() == null
                        ? null
                        : job.needs().stream().map(n -> Map.of("name", n.job())).toList());
        return entity;
    }
}
