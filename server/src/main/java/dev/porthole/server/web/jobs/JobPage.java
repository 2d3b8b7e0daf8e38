package dev.porthole.server.web.jobs;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.User;
import dev.porthole.server.ciconfig.Durations;
import dev.porthole.server.ciconfig.Need;
import dev.porthole.server.debughold.DebugHolds;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobException;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.repository.RepositoryStorage;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.runner.RunnerStore;
import dev.porthole.server.terminal.TerminalAccess;
import dev.porthole.server.trace.TraceService;
import dev.porthole.server.web.Format;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.project.ProjectPages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The job page, its status as JSON for the page's script, its log (raw and live), and its actions. */
@Controller
class JobPage {
    static final String JOB = "/{namespace}/{project}/-/jobs/{id:\\d{1,18}}";
    /** A runner silent for longer is not counted as one that could pick a pending job up. */
    private static final Duration ONLINE = Duration.ofHours(1);

    private final ProjectPages pages;
    private final JobService jobs;
    private final TraceService traces;
    private final JobLogs logs;
    private final AccountService accounts;
    private final RunnerStore runnerStore;
    private final RunnerService runners;
    private final RepositoryStorage repositories;
    private final Clock clock;
    private final TerminalAccess terminals;
    private final DebugHolds holds;

    JobPage(
            ProjectPages pages,
            JobService jobs,
            TraceService traces,
            JobLogs logs,
            AccountService accounts,
            RunnerStore runnerStore,
            RunnerService runners,
            RepositoryStorage repositories,
            Clock clock,
            TerminalAccess terminals,
            DebugHolds holds) {
        this.pages = pages;
        this.holds = holds;
        this.terminals = terminals;
        this.jobs = jobs;
        this.traces = traces;
        this.logs = logs;
        this.accounts = accounts;
        this.runnerStore = runnerStore;
        this.runners = runners;
        this.repositories = repositories;
        this.clock = clock;
    }

    @GetMapping(JOB)
    String show(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            Model model) {
        ProjectRole role = pages.read(viewer, namespace, project);
        Job job = jobOf(role, id);
        Pipeline pipeline = jobs.findPipeline(job.pipelineId()).orElseThrow(() -> notFound(role, id));
        List<Job> pipelineJobs = jobs.jobsOf(pipeline.id());
        boolean stuck = stuck(job);
        model.addAttribute(
                "view",
                new JobView(
                        role,
                        job,
                        pipeline,
                        Format.title(repositories.message(role.project().id(), pipeline.sha())),
                        nameOf(job.userId()),
                        job.runnerId() == null
                                ? null
                                : runnerStore.findById(job.runnerId()).orElse(null),
                        pipelineJobs.stream()
                                .filter(j -> !j.retried() && j.stage().equals(job.stage()))
                                .toList(),
                        pipelineJobs.stream()
                                .filter(j -> j.retryOf() != null && j.retryOf() == job.id())
                                .findFirst()
                                .orElse(null),
                        logs.render(job.id(), job.status().complete()),
                        JobActions.of(job, role),
                        explanation(job, stuck),
                        stuck,
                        JobState.DebugState.of(
                                terminals.decide(viewer.user(), role, job), JobView.jobPath(role, job.id())),
                        holdOf(job, role)));
        return "jobs/show";
    }

    @GetMapping(JOB + ".json")
    @ResponseBody
    JobState state(Viewer viewer, @PathVariable String namespace, @PathVariable String project, @PathVariable long id) {
        ProjectRole role = pages.read(viewer, namespace, project);
        Job job = jobOf(role, id);
        return JobState.of(job, role)
                .withDebug(terminals.decide(viewer.user(), role, job))
                .withHold(holdOf(job, role));
    }

    private HoldState holdOf(Job job, ProjectRole role) {
        return holds.open(job)
                .map(hold -> HoldState.of(hold, role, holds.maximum(), clock.instant()))
                .orElse(null);
    }

    /** The log as stored: ANSI escapes and section markers included, as GitLab's raw log is. */
    @GetMapping(JOB + "/raw")
    ResponseEntity<byte[]> raw(
            Viewer viewer, @PathVariable String namespace, @PathVariable String project, @PathVariable long id) {
        ProjectRole role = pages.read(viewer, namespace, project);
        Job job = jobOf(role, id);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"job-" + job.id() + ".log\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(traces.read(job.id(), 0));
    }

    /**
     * The log from {@code offset} as server-sent events, live until the job finishes. A browser that reconnects on
     * its own sends the last event's id ({@code Last-Event-ID}): the offset it got to.
     */
    @GetMapping(path = JOB + "/trace.stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            @RequestParam(name = "offset", defaultValue = "0") long offset,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        ProjectRole role = pages.read(viewer, namespace, project);
        Job job = jobOf(role, id);
        long from = offset;
        if (lastEventId != null && lastEventId.matches("\\d{1,18}")) {
            from = Long.parseLong(lastEventId);
        }
        from = Math.max(0, Math.min(from, traces.size(job.id())));
        return LogStream.start(
                traces,
                job.id(),
                from,
                () -> jobs.find(job.id()).map(j -> j.status().complete()).orElse(true));
    }

    @PostMapping(JOB + "/cancel")
    String cancel(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            @RequestParam(name = "from", defaultValue = "") String from,
            RedirectAttributes redirect) {
        ProjectRole role = pages.developer(viewer, namespace, project);
        Job job = jobOf(role, id);
        act(redirect, job, JobActions.of(job, role).cancel(), "canceled", j -> {
            Job after = jobs.cancel(j);
            return after.status() == JobStatus.CANCELING
                    ? "Job #" + j.id() + " is being canceled: its runner stops it."
                    : "Job #" + j.id() + " was canceled.";
        });
        return back(role, job, from);
    }

    @PostMapping(JOB + "/retry")
    String retry(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            @RequestParam(name = "from", defaultValue = "") String from,
            @RequestParam(name = "debug_hold", required = false) String debugHold,
            RedirectAttributes redirect) {
        ProjectRole role = pages.developer(viewer, namespace, project);
        Job job = jobOf(role, id);
        String hold = null;
        if (debugHold != null) {
            var parsed = Durations.parse(debugHold).filter(d -> !d.isZero());
            if (parsed.isEmpty() || parsed.get().compareTo(holds.maximum()) > 0) {
                redirect.addFlashAttribute(
                        Flash.ATTRIBUTE,
                        Flash.error("Job #" + job.id() + " was not retried: the debug hold must be a duration such as"
                                + " 15m or 1h, of at most " + Durations.goStyle(holds.maximum())
                                + " (the most an administrator allows), not \"" + debugHold.strip() + "\"."));
                return back(role, job, from);
            }
            hold = Durations.goStyle(parsed.get());
        }
        if (!JobActions.of(job, role).retry()) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, refusal(job, "retried"));
            return back(role, job, from);
        }
        try {
            Job retry = jobs.retry(job, viewer.required().id(), hold);
            redirect.addFlashAttribute(
                    Flash.ATTRIBUTE,
                    Flash.notice("Job #" + job.id() + " is running again as job #" + retry.id()
                            + (hold == null ? "." : "; if it fails, it is held for debugging for " + hold + ".")));
            return "pipeline".equals(from) ? back(role, job, from) : "redirect:" + JobView.jobPath(role, retry.id());
        } catch (JobException e) {
            redirect.addFlashAttribute(
                    Flash.ATTRIBUTE, refusal(jobs.find(job.id()).orElse(job), "retried"));
            return back(role, job, from);
        }
    }

    @PostMapping(JOB + "/play")
    String play(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long id,
            @RequestParam(name = "from", defaultValue = "") String from,
            RedirectAttributes redirect) {
        ProjectRole role = pages.developer(viewer, namespace, project);
        Job job = jobOf(role, id);
        User user = viewer.required();
        act(redirect, job, JobActions.of(job, role).play(), "started", j -> {
            jobs.play(j, user.id());
            return "Job #" + j.id() + " (" + j.name() + ") was started.";
        });
        return back(role, job, from);
    }

    private void act(RedirectAttributes redirect, Job job, boolean allowed, String done, Function<Job, String> action) {
        Flash flash;
        if (!allowed) {
            flash = refusal(job, done);
        } else {
            try {
                flash = Flash.notice(action.apply(job));
            } catch (JobException e) {
                // Changed since the page was drawn: say what it is now.
                flash = refusal(jobs.find(job.id()).orElse(job), done);
            }
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, flash);
    }

    private static Flash refusal(Job job, String what) {
        String why = job.retried()
                ? "it was retried already; act on its newest attempt instead"
                : "it is " + job.status().wireName().replace('_', ' ') + " now";
        return Flash.error("Job #" + job.id() + " cannot be " + what + ": " + why + ".");
    }

    /** Back where the button was: the pipeline page for its buttons, the job page otherwise. */
    static String back(ProjectRole role, Job job, String from) {
        return "redirect:"
                + ("pipeline".equals(from)
                        ? "/" + role.project().fullPath() + "/-/pipelines/" + job.pipelineId()
                        : JobView.jobPath(role, job.id()));
    }

    private Job jobOf(ProjectRole role, long id) {
        return jobOf(jobs, role, id);
    }

    /** The job with this id in the role's project; a page that says so when there is none. */
    static Job jobOf(JobService jobs, ProjectRole role, long id) {
        return jobs.find(id).filter(j -> j.projectId() == role.project().id()).orElseThrow(() -> notFound(role, id));
    }

    private static PageException notFound(ProjectRole role, long id) {
        return new PageException.NotFound("Job #" + id + " does not exist in "
                + role.project().fullPath() + ". It may have been deleted with its pipeline.");
    }

    private String nameOf(Long userId) {
        return userId == null ? "" : accounts.findUser(userId).map(User::name).orElse("");
    }

    /** Pending with no runner that could take it: no runner with its tags has been in touch lately. */
    private boolean stuck(Job job) {
        if (job.status() != JobStatus.PENDING || job.runnerId() != null) {
            return false;
        }
        Instant since = clock.instant().minus(ONLINE);
        return runners.all().stream()
                .noneMatch(r -> r.canRun(job.tags())
                        && r.contactedAt() != null
                        && r.contactedAt().isAfter(since));
    }

    private static String explanation(Job job, boolean stuck) {
        return switch (job.status()) {
            case CREATED -> {
                List<Need> needs = job.spec().needs();
                yield needs == null
                        ? "This job has not started yet: it runs when the jobs of the earlier stages have finished."
                        : needs.isEmpty()
                                ? "This job has not started yet."
                                : "This job has not started yet: it runs when "
                                        + String.join(
                                                ", ",
                                                needs.stream().map(Need::job).toList())
                                        + " finished.";
            }
            case PENDING ->
                stuck
                        ? "This job is stuck: no online runner can run it."
                        : "This job is waiting for a runner to pick it up.";
            case MANUAL ->
                "This job runs only when someone starts it: a manual action, for the Developer role or higher.";
            case SCHEDULED -> "This is a delayed job: it starts on its own when its delay is over.";
            case SKIPPED -> "This job was skipped: a job before it failed, or the pipeline did not need it.";
            case CANCELED -> job.startedAt() == null ? "This job was canceled before it started." : "";
            default -> "";
        };
    }
}
