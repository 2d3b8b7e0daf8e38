package dev.porthole.server.runnerapi;

import dev.porthole.protocol.runnerapi.RunnerApiHeaders;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns refusals of the runner API into GitLab's JSON error answers, with the job's status when known. */
@RestControllerAdvice(
        assignableTypes = {
            RunnerRegistrationController.class,
            JobRequestController.class,
            JobUpdateController.class,
            ArtifactUploadController.class
        })
class RunnerApiErrors {
    @ExceptionHandler(RunnerApiException.class)
    ResponseEntity<Map<String, String>> refused(RunnerApiException e) {
        var answer = ResponseEntity.status(e.status());
        if (e.jobStatus() != null) {
            answer.header(RunnerApiHeaders.JOB_STATUS, e.jobStatus());
        }
        return answer.body(Map.of("message", e.getMessage()));
    }
}
