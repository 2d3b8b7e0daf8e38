package dev.porthole.server.runnerapi;

import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.protocol.runnerapi.JobRequest;
import dev.porthole.protocol.runnerapi.RunnerApiHeaders;
import dev.porthole.protocol.runnerapi.SessionInfo;
import dev.porthole.server.pipeline.Assignment;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.queue.QueueSignal;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.terminal.SessionOffers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v4/jobs/request}: a runner asks for a job. The request is held (long polling) until a job for
 * this runner exists or the poll times out, so runners learn of new jobs at once without asking over and over.
 */
@RestController
class JobRequestController {
    private static final Logger LOG = LoggerFactory.getLogger(JobRequestController.class);
    private static final String TWO_PHASE_COMMIT = "two_phase_job_commit";

    private final RunnerService runners;
    private final JobService jobs;
    private final QueueSignal queue;
    private final JobPayloadFactory payloads;
    private final RunnerApiSettings settings;
    private final SessionOffers sessions;

    JobRequestController(
            RunnerService runners,
            JobService jobs,
            QueueSignal queue,
            JobPayloadFactory payloads,
            RunnerApiSettings settings,
            SessionOffers sessions) {
        this.runners = runners;
        this.jobs = jobs;
        this.queue = queue;
        this.payloads = payloads;
        this.settings = settings;
        this.sessions = sessions;
    }

    @PostMapping("/api/v4/jobs/request")
    ResponseEntity<JobPayload> request(
            @RequestBody JobRequest request,
            @RequestHeader(name = "RUNNER-TOKEN", required = false) String headerToken,
            HttpServletRequest http)
            throws InterruptedException {
        String token = request.token() != null ? request.token() : headerToken;
        Runner runner = runners.authenticate(token).orElseThrow(RunnerApiException::forbidden);
        runners.recordContact(runner, RunnerDetailsMapping.from(request, http));

        boolean twoPhase = request.info() != null && request.info().hasFeature(TWO_PHASE_COMMIT);
        long deadline = System.nanoTime() + settings.longPollTimeout().toNanos();
        while (true) {
            // Read the version before looking, so that a job queued after the look still wakes this request.
            String version = queue.version();
            Optional<Assignment> assignment = jobs.assignNext(runner, twoPhase);
            if (assignment.isPresent()) {
                long jobId = assignment.get().job().id();
                LOG.info("job {} assigned to runner {}", jobId, runner.id());
                SessionInfo session = request.session();
                if (session != null) {
                    sessions.accept(jobId, session.url(), session.certificate(), session.authorization());
                }
                return ResponseEntity.status(HttpStatus.CREATED).body(payloads.build(assignment.get(), runner));
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || queue.closed()) {
                return ResponseEntity.noContent()
                        .header(RunnerApiHeaders.LAST_UPDATE, version)
                        .build();
            }
            queue.awaitChange(version, Duration.ofNanos(remaining));
        }
    }
}
