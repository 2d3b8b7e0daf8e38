package dev.porthole.server.runnerapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import dev.porthole.server.runner.TerminalSupport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What a runner's job requests say about interactive terminals is kept for the admin area. */
class RunnerTerminalSupportTest extends ServerTestSupport {

    private record Asking(long runnerId, String token) {}

    private Asking newRunner() {
        var owner = newUser(true);
        var created = runners.createByAdmin(
                new RunnerOptions("terminals", List.of("none-" + System.nanoTime()), false, false, false, null),
                owner.user().id());
        return new Asking(created.runner().id(), created.token());
    }

    private CompletableFuture<Integer> requestJob(String token, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(extra);
        body.put("token", token);
        return CompletableFuture.supplyAsync(
                () -> postJson("/api/v4/jobs/request", body, Map.of()).statusCode());
    }

    @Test
    void aSessionSaysTheRunnerOffersTerminalsAndTheFeatureFlagAloneDoesNot() {
        Asking withSession = newRunner();
        Asking featureOnly = newRunner();
        Asking neither = newRunner();
        Asking silent = newRunner();
        var info = Map.<String, Object>of(
                "name", "gitlab-runner", "version", "17.0.0", "features", Map.of("session", true, "terminal", true));
        // The requests wait for a job that never comes: send them together and wait for all.
        var requests = List.of(
                requestJob(
                        withSession.token(),
                        Map.of(
                                "info",
                                info,
                                "session",
                                Map.of(
                                        "url", "https://runner.example.com:8093/session/abc",
                                        "certificate", "-----BEGIN CERTIFICATE-----\n",
                                        "authorization", "secret"))),
                requestJob(featureOnly.token(), Map.of("info", info)),
                requestJob(
                        neither.token(),
                        Map.of("info", Map.of("name", "gitlab-runner", "features", Map.of("session", false)))));
        requests.forEach(r -> assertThat(r.join()).isEqualTo(204));

        assertThat(runners.find(withSession.runnerId()).orElseThrow().terminalSupport())
                .isEqualTo(TerminalSupport.OFFERED);
        assertThat(runners.find(featureOnly.runnerId()).orElseThrow().terminalSupport())
                .isEqualTo(TerminalSupport.NO_SESSION_SERVER);
        assertThat(runners.find(neither.runnerId()).orElseThrow().terminalSupport())
                .isEqualTo(TerminalSupport.UNSUPPORTED);
        assertThat(runners.find(silent.runnerId()).orElseThrow().terminalSupport())
                .isNull();

        // verify says nothing about terminals: what the last job request said stays.
        assertThat(postJson("/api/v4/runners/verify", Map.of("token", withSession.token()), Map.of())
                        .statusCode())
                .isEqualTo(200);
        assertThat(runners.find(withSession.runnerId()).orElseThrow().terminalSupport())
                .isEqualTo(TerminalSupport.OFFERED);
    }
}
