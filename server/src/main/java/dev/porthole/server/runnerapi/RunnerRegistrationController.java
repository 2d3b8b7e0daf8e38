package dev.porthole.server.runnerapi;

import dev.porthole.protocol.runnerapi.RegisterRunnerRequest;
import dev.porthole.protocol.runnerapi.RunnerRegistration;
import dev.porthole.protocol.runnerapi.RunnerTokenRequest;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v4/runners}, {@code POST /api/v4/runners/verify}, {@code DELETE /api/v4/runners}. */
@RestController
@RequestMapping("/api/v4/runners")
class RunnerRegistrationController {
    private final RunnerService runners;

    RunnerRegistrationController(RunnerService runners) {
        this.runners = runners;
    }

    @PostMapping
    ResponseEntity<RunnerRegistration> register(@RequestBody RegisterRunnerRequest request) {
        var options = new RunnerOptions(
                request.description(),
                RunnerService.parseTagList(request.tagList()),
                request.runUntagged(),
                Boolean.TRUE.equals(request.locked()),
                Boolean.TRUE.equals(request.paused()),
                request.maximumTimeout() == null || request.maximumTimeout() <= 0 ? null : request.maximumTimeout());
        try {
            return runners.register(request.token(), options)
                    .map(r -> ResponseEntity.status(HttpStatus.CREATED)
                            .body(new RunnerRegistration(r.runner().id(), r.token(), null)))
                    .orElseThrow(RunnerApiException::forbidden);
        } catch (IllegalArgumentException e) {
            throw new RunnerApiException(HttpStatus.BAD_REQUEST, e.getMessage(), null);
        }
    }

    @PostMapping("/verify")
    RunnerRegistration verify(
            @RequestBody RunnerTokenRequest request,
            @RequestHeader(name = "RUNNER-TOKEN", required = false) String headerToken,
            HttpServletRequest http) {
        String token = request.token() != null ? request.token() : headerToken;
        Runner runner = runners.authenticate(token).orElseThrow(RunnerApiException::forbidden);
        runners.recordContact(runner, RunnerDetailsMapping.from(request.info(), http));
        return new RunnerRegistration(runner.id(), token, null);
    }

    @DeleteMapping
    ResponseEntity<Void> unregister(
            @RequestBody RunnerTokenRequest request,
            @RequestHeader(name = "RUNNER-TOKEN", required = false) String headerToken) {
        String token = request.token() != null ? request.token() : headerToken;
        if (!runners.unregister(token)) {
            throw RunnerApiException.forbidden();
        }
        return ResponseEntity.noContent().build();
    }
}
