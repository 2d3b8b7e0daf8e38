package dev.porthole.server.runnerapi;

import dev.porthole.protocol.runnerapi.DebugHold;
import dev.porthole.protocol.runnerapi.RunnerApiHeaders;
import dev.porthole.protocol.runnerapi.UpdateJobRequest;
import dev.porthole.server.debughold.DebugHolds;
import dev.porthole.server.pipeline.FailureReason;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.terminal.JobSessionStore;
import dev.porthole.server.trace.AppendResult;
import dev.porthole.server.trace.TraceService;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What runners report about the jobs they run: state ({@code PUT /api/v4/jobs/:id}) and log
 * ({@code PATCH /api/v4/jobs/:id/trace}). Every answer carries the job's status on the server, which is how a
 * runner learns that its job was canceled, and, for a job held for debugging, the time its hold has left.
 */
@RestController
class JobUpdateController {
    private final JobSessionStore sessions;
    private static final Logger LOG = LoggerFactory.getLogger(JobUpdateController.class);
    private static final Set<String> STATES = Set.of("pending", "running", "success", "failed");
    private static final Pattern CONTENT_RANGE = Pattern.compile("^(?:bytes )?(\\d+)-(\\d+)$");

    private final JobService jobs;
    private final TraceService traces;
    private final RunnerApiSettings settings;
    private final DebugHolds holds;

    JobUpdateController(
            JobService jobs,
            TraceService traces,
            RunnerApiSettings settings,
            JobSessionStore sessions,
            DebugHolds holds) {
        this.jobs = jobs;
        this.holds = holds;
        this.sessions = sessions;
        this.traces = traces;
        this.settings = settings;
    }

    @PutMapping("/api/v4/jobs/{id}")
    ResponseEntity<Integer> update(
            @PathVariable long id,
            @RequestBody UpdateJobRequest request,
            @RequestHeader(name = RunnerApiHeaders.JOB_TOKEN, required = false) String headerToken) {
        Job job = authenticate(id, request.token() != null ? request.token() : headerToken);
        if (request.state() == null || !STATES.contains(request.state())) {
            throw new RunnerApiException(
                    HttpStatus.BAD_REQUEST,
                    "state is missing or invalid: use one of " + STATES,
                    job.status().wireName());
        }
        String checksum = request.output() != null ? request.output().checksum() : request.checksum();
        if (("success".equals(request.state()) || "failed".equals(request.state())) && request.output() != null) {
            checkTraceComplete(job, request.output().bytesize());
        }
        FailureReason reason =
                request.failureReason() == null ? null : FailureReason.fromRunner(request.failureReason());
        JobStatus status = jobs.reportFromRunner(job, request.state(), reason, request.exitCode(), checksum);
        if (status != JobStatus.RUNNING) {
            sessions.delete(job.id());
        }
        Job now = jobs.find(job.id()).orElse(job);
        if (request.debugHold() != null && "running".equals(request.state())) {
            holds.reportedByRunner(
                    now,
                    Duration.ofSeconds(Math.max(0, request.debugHold().seconds())),
                    request.debugHold().exitCode());
        }
        var answer = ResponseEntity.ok()
                .header(RunnerApiHeaders.JOB_STATUS, status.wireName())
                .header(RunnerApiHeaders.TRACE_UPDATE_INTERVAL, intervalSeconds());
        holdRemaining(now).ifPresent(left -> answer.header(DebugHold.REMAINING_HEADER, left));
        return answer.body(200);
    }

    @PatchMapping("/api/v4/jobs/{id}/trace")
    ResponseEntity<Void> appendTrace(
            @PathVariable long id,
            @RequestHeader(name = RunnerApiHeaders.JOB_TOKEN, required = false) String headerToken,
            @RequestParam(name = "token", required = false) String paramToken,
            @RequestHeader(name = RunnerApiHeaders.CONTENT_RANGE, required = false) String contentRange,
            @RequestBody(required = false) byte[] body) {
        Job job = authenticate(id, headerToken != null ? headerToken : paramToken);
        if (contentRange == null) {
            throw new RunnerApiException(
                    HttpStatus.BAD_REQUEST,
                    "Missing header Content-Range",
                    job.status().wireName());
        }
        var range = CONTENT_RANGE.matcher(contentRange.strip());
        if (!range.matches()) {
            throw new RunnerApiException(
                    HttpStatus.BAD_REQUEST,
                    "Content-Range must be <start>-<end>, not '" + contentRange + "'",
                    job.status().wireName());
        }
        byte[] data = body == null ? new byte[0] : body;
        long start = Long.parseLong(range.group(1));
        AppendResult result = traces.append(job.id(), start, data, settings.traceMaxSize());
        jobs.recordRunnerContact(job);
        return switch (result) {
            case AppendResult.Appended appended -> traceAnswer(HttpStatus.ACCEPTED, job, appended.size());
            case AppendResult.RangeMismatch mismatch ->
                traceAnswer(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, job, mismatch.size());
            case AppendResult.TooLarge tooLarge -> {
                traces.appendSystemLine(
                        job.id(),
                        "ERROR: Job failed: its log passed this server's limit of " + settings.traceMaxSize()
                                + " bytes");
                jobs.reportFromRunner(job, "failed", FailureReason.TRACE_SIZE_EXCEEDED, null, null);
                throw new RunnerApiException(HttpStatus.FORBIDDEN, "403 Forbidden - Trace size exceeded", "failed");
            }
        };
    }

    private ResponseEntity<Void> traceAnswer(HttpStatus status, Job job, long size) {
        Job now = jobs.find(job.id()).orElse(job);
        var answer = ResponseEntity.status(status)
                .header(RunnerApiHeaders.RANGE, "0-" + size)
                .header(RunnerApiHeaders.JOB_STATUS, now.status().wireName())
                .header(RunnerApiHeaders.TRACE_UPDATE_INTERVAL, intervalSeconds());
        holdRemaining(now).ifPresent(left -> answer.header(DebugHold.REMAINING_HEADER, left));
        return answer.build();
    }

    /** Whole seconds, rounded up so that a hold with time left never reads as over. */
    private Optional<String> holdRemaining(Job job) {
        return holds.remaining(job).map(left -> Long.toString((left.toMillis() + 999) / 1000));
    }

    /** The job of this token, if it is the job at this id and a runner still holds it. */
    private Job authenticate(long id, String token) {
        Job job = jobs.findByToken(token).filter(j -> j.id() == id).orElseThrow(RunnerApiException::forbidden);
        if (!job.heldByRunner()) {
            throw new RunnerApiException(
                    HttpStatus.FORBIDDEN,
                    "403 Forbidden - Job is not running",
                    job.status().wireName());
        }
        return job;
    }

    private void checkTraceComplete(Job job, long runnerBytes) {
        long stored = traces.size(job.id());
        if (stored != runnerBytes) {
            LOG.warn(
                    "job {}: the runner reports a log of {} bytes, this server holds {}",
                    job.id(),
                    runnerBytes,
                    stored);
        }
    }

    private String intervalSeconds() {
        return Long.toString(Math.max(1, settings.traceUpdateInterval().toSeconds()));
    }
}
