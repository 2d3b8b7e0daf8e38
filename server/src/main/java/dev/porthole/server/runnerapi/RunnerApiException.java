package dev.porthole.server.runnerapi;

import org.springframework.http.HttpStatus;

/** A runner API request refused with a status, and the job's status when the request concerned a job. */
class RunnerApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final HttpStatus status;
    private final String jobStatus;

    RunnerApiException(HttpStatus status, String message, String jobStatus) {
        super(message);
        this.status = status;
        this.jobStatus = jobStatus;
    }

    static RunnerApiException forbidden() {
        return new RunnerApiException(HttpStatus.FORBIDDEN, "403 Forbidden", null);
    }

    HttpStatus status() {
        return status;
    }

    String jobStatus() {
        return jobStatus;
    }
}
