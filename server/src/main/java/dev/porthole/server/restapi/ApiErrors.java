package dev.porthole.server.restapi;

import dev.porthole.server.account.AccountException;
import dev.porthole.server.pipeline.JobException;
import dev.porthole.server.project.ProjectException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** GitLab's error bodies for everything under {@code /api/v4}: one place maps failures to statuses. */
@RestControllerAdvice(basePackages = {"dev.porthole.server.restapi", "dev.porthole.server.runnerapi"})
class ApiErrors {

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> refused(ApiException e) {
        return ResponseEntity.status(e.status()).body(Map.of("message", e.body()));
    }

    /** As GitLab's users API answers: a taken username or email is a conflict, a bad value names its field. */
    @ExceptionHandler(AccountException.class)
    ResponseEntity<Map<String, Object>> account(AccountException e) {
        return switch (e.reason()) {
            case TAKEN -> ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("message", e.getMessage()));
            case NOT_ALLOWED ->
                ResponseEntity.status(HttpStatus.FORBIDDEN)
                        .body(Map.of("message", "403 Forbidden - " + e.getMessage()));
            case INVALID ->
                ResponseEntity.badRequest().body(Map.of("message", Map.of(e.field(), List.of(e.problem()))));
        };
    }

    @ExceptionHandler(ProjectException.class)
    ResponseEntity<Map<String, Object>> invalid(RuntimeException e) {
        return ResponseEntity.badRequest().body(Map.of("message", Map.of("base", List.of(e.getMessage()))));
    }

    @ExceptionHandler(JobException.class)
    ResponseEntity<Map<String, Object>> notAllowedNow(JobException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("message", "403 Forbidden - " + e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        String detail = e.getMostSpecificCause().getMessage();
        if (detail != null && detail.contains("\n")) {
            detail = detail.substring(0, detail.indexOf('\n'));
        }
        return ResponseEntity.badRequest()
                .body(Map.of("error", "the request body is not valid JSON of the expected shape: " + detail));
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MissingRequestHeaderException.class})
    ResponseEntity<Map<String, Object>> missing(Exception e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getName() + " is invalid"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(Map.of("message", "405 Method Not Allowed"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(Map.of("message", e.getMessage()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noRoute(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "404 Not Found"));
    }
}
