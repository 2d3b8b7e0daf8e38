package dev.porthole.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porthole.server.outbound.Allowlist;
import dev.porthole.server.outbound.OutboundPolicy;
import dev.porthole.server.outbound.OutboundSettings;
import dev.porthole.server.project.Project;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import dev.porthole.server.web.jobs.PagesWithRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The session a runner offers with a job request: checked against the outbound-request policy, stored with the job
 * when it passes, and when it does not, the job still runs and its owner learns why Debug is missing, on the page
 * and in the API. Only the job's owner sees Debug or the reason.
 */
class SessionOfferTest extends PagesWithRunner {
    static final String CERTIFICATE = resource("/terminal/localhost.pem");

    @Autowired
    OutboundSettings outbound;

    @Autowired
    JobSessionStore sessions;

    @Autowired
    SessionSweep sweep;

    private String runnerToken;
    private Project project;
    private OutboundPolicy before;

    @BeforeEach
    void aProjectAndARunnerWithASessionServer() {
        cast();
        String ownTag = "s" + System.nanoTime();
        runnerToken = runners.createByAdmin(
                        new RunnerOptions("session runner", List.of(ownTag), false, false, false, null),
                        owner.user().id())
                .token();
        project = project("job:\n  tags: [" + ownTag + "]\n  script: [sleep 600]\n");
        before = outbound.current();
    }

    @AfterEach
    void restorePolicy() {
        outbound.update(before, owner.user().id());
    }

    private void allowLoopbackByAllowlist() {
        outbound.update(
                new OutboundPolicy(false, List.of(Allowlist.parseEntry("127.0.0.1"))),
                owner.user().id());
    }

    /** The runner asks for the job with this session; the job must be given whatever becomes of the session. */
    private long requestWithSession(String sessionUrl, String certificate) {
        return offer(sessionUrl, certificate).get("id").asLong();
    }

    private JsonNode offer(String sessionUrl, String certificate) {
        pipeline(project);
        var session = new HashMap<String, Object>();
        session.put("url", sessionUrl);
        session.put("certificate", certificate);
        session.put("authorization", "a".repeat(64));
        HttpResponse<String> answer = postJson(
                "/api/v4/jobs/request",
                Map.of(
                        "token",
                        runnerToken,
                        "info",
                        Map.of("name", "porthole-runner", "features", Map.of("session", true, "terminal", true)),
                        "session",
                        session),
                Map.of());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return json(answer);
    }

    private JsonNode apiJob(Account who, long jobId) {
        HttpResponse<String> answer = get("/api/v4/projects/" + project.id() + "/jobs/" + jobId, who.token());
        assertThat(answer.statusCode()).isEqualTo(200);
        return json(answer);
    }

    private String jobPage(Account who, long jobId) {
        var page = signedIn(who).get(path(project) + "/-/jobs/" + jobId);
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    @Test
    void aSessionOnALoopbackAddressIsRefusedByDefaultButTheJobRunsAndItsOwnerLearnsWhatToChange() {
        long jobId = requestWithSession("https://127.0.0.1:8093/session/" + "f".repeat(64), CERTIFICATE);

        assertThat(sessions.find(jobId)).isEmpty();
        JsonNode job = apiJob(owner, jobId);
        assertThat(job.get("status").asString()).isEqualTo("running");
        assertThat(job.get("terminal_path").isNull()).isTrue();
        assertThat(job.get("terminal_unavailable_reason").asString())
                .startsWith("Requests to localhost are not allowed")
                .contains("127.0.0.1:8093")
                .contains("Admin › Settings › Network › Outbound requests")
                .contains("Allow requests to the local network from webhooks and integrations");
        assertThat(jobPage(owner, jobId))
                .contains("data-testid=\"debug-unavailable\">")
                .contains("Requests to localhost are not allowed");

        // Nobody but the owner sees the reason, which names the runner's address.
        assertThat(apiJob(developer, jobId).get("terminal_unavailable_reason").isNull())
                .isTrue();
        assertThat(jobPage(developer, jobId))
                .doesNotContain("Requests to localhost are not allowed")
                .contains("data-testid=\"debug-slot\" data-job-id=\"" + jobId + "\" hidden>");
    }

    @Test
    void anAllowlistedSessionIsStoredAndOffersDebugToTheOwnerOnly() {
        allowLoopbackByAllowlist();
        long jobId = requestWithSession("https://127.0.0.1:8093/session/" + "e".repeat(64), CERTIFICATE);

        JobSession stored = sessions.find(jobId).orElseThrow();
        assertThat(stored.url()).isEqualTo("https://127.0.0.1:8093/session/" + "e".repeat(64));
        assertThat(stored.certificatePem()).isEqualTo(CERTIFICATE);
        assertThat(stored.toString()).doesNotContain("a".repeat(64));

        String terminal = path(project) + "/-/jobs/" + jobId + "/terminal";
        JsonNode job = apiJob(owner, jobId);
        assertThat(job.get("terminal_path").asString()).isEqualTo(terminal);
        assertThat(job.get("terminal_unavailable_reason").isNull()).isTrue();
        assertThat(jobPage(owner, jobId))
                .contains("data-testid=\"debug-button\" href=\"" + terminal + "\" target=\"_blank\"");
        var feed = json(signedIn(owner).get(path(project) + "/-/jobs/" + jobId + ".json"));
        assertThat(feed.get("debug").get("terminal_path").asString()).isEqualTo(terminal);

        for (Account other : List.of(developer, reporter)) {
            assertThat(apiJob(other, jobId).get("terminal_path").isNull()).isTrue();
            assertThat(jobPage(other, jobId)).doesNotContain(terminal);
        }
    }

    @Test
    void theSessionIsDeletedWhenTheRunnerReportsTheJobFinished() {
        allowLoopbackByAllowlist();
        JsonNode given = offer("https://127.0.0.1:8093/session/" + "d".repeat(64), CERTIFICATE);
        long jobId = given.get("id").asLong();
        String token = given.get("token").asString();
        assertThat(sessions.find(jobId)).isPresent();

        var answer = send(
                "PUT",
                "/api/v4/jobs/" + jobId,
                Map.of("Content-Type", "application/json"),
                JSON.writeValueAsString(Map.of("token", token, "state", "success")));
        assertThat(answer.statusCode()).isEqualTo(200);

        assertThat(sessions.find(jobId)).isEmpty();
        assertThat(apiJob(owner, jobId).get("terminal_path").isNull()).isTrue();
        assertThat(jobPage(owner, jobId)).doesNotContain("/terminal\"");
    }

    @Test
    void theSessionOfACanceledJobIsSweptAway() {
        allowLoopbackByAllowlist();
        long jobId = requestWithSession("https://127.0.0.1:8093/session/" + "c".repeat(64), CERTIFICATE);
        assertThat(sessions.find(jobId)).isPresent();

        jobService.cancel(jobService.find(jobId).orElseThrow());

        await().atMost(Duration.ofSeconds(20)).until(() -> sessions.find(jobId).isEmpty());
    }

    @Test
    void theSessionOfAJobAwaitingItsRunnersConfirmationOutlivesTheSweep() {
        allowLoopbackByAllowlist();
        pipeline(project);
        var session = new HashMap<String, Object>();
        session.put("url", "https://127.0.0.1:8093/session/" + "b".repeat(64));
        session.put("certificate", CERTIFICATE);
        session.put("authorization", "a".repeat(64));
        HttpResponse<String> answer = postJson(
                "/api/v4/jobs/request",
                Map.of(
                        "token",
                        runnerToken,
                        "info",
                        Map.of("features", Map.of("session", true, "terminal", true, "two_phase_job_commit", true)),
                        "session",
                        session),
                Map.of());
        long jobId = json(answer).get("id").asLong();
        assertThat(jobService.find(jobId).orElseThrow().status().wireName()).isEqualTo("pending");

        sweep.run();

        assertThat(sessions.find(jobId))
                .as("kept until the runner confirms the job")
                .isPresent();
    }

    @Test
    void malformedOffersAreRefusedWithWhatToFix() {
        allowLoopbackByAllowlist();
        long plain = requestWithSession("http://127.0.0.1:8093/session/x", CERTIFICATE);
        long badPem = requestWithSession("https://127.0.0.1:8093/session/x", "-----BEGIN CERTIFICATE-----\nnot\n");
        long unknown = requestWithSession("https://runner.invalid:8093/session/x", CERTIFICATE);

        assertThat(apiJob(owner, plain).get("terminal_unavailable_reason").asString())
                .contains("must be https URLs")
                .contains("advertise_address");
        assertThat(apiJob(owner, badPem).get("terminal_unavailable_reason").asString())
                .contains("not a readable PEM certificate");
        assertThat(apiJob(owner, unknown).get("terminal_unavailable_reason").asString())
                .contains("cannot resolve runner.invalid")
                .contains("advertise_address");
        for (long jobId : List.of(plain, badPem, unknown)) {
            assertThat(sessions.find(jobId)).isEmpty();
            assertThat(apiJob(owner, jobId).get("status").asString()).isEqualTo("running");
        }
    }

    @Test
    void theOwnerOfAJobOnARunnerWithoutSessionServerSeesHowToEnableIt() {
        pipeline(project);
        var answer = postJson(
                "/api/v4/jobs/request",
                Map.of("token", runnerToken, "info", Map.of("name", "porthole-runner")),
                Map.of());
        long jobId = json(answer).get("id").asLong();

        assertThat(apiJob(owner, jobId).get("terminal_unavailable_reason").asString())
                .isEqualTo(TerminalAccess.NO_SESSION_HINT);
        assertThat(jobPage(owner, jobId)).contains("[session_server]");
        assertThat(jobPage(developer, jobId)).doesNotContain("[session_server]");
    }

    private static String resource(String name) {
        try (var in = SessionOfferTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
