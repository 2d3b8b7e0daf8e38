package dev.porthole.server.restapi;

import org.springframework.http.HttpStatus;

/**
 * A refused API request. The body is GitLab's: {@code {"message": ...}}, where the message is a string or, for
 * validation errors, a map of field to messages.
 */
class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final HttpStatus status;
    private final transient Object body;

    ApiException(HttpStatus status, Object body) {
        super(String.valueOf(body));
        this.status = status;
        this.body = body;
    }

    static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "404 " + what + " Not Found");
    }

    static ApiException forbidden() {
        return new ApiException(HttpStatus.FORBIDDEN, "403 Forbidden");
    }

    static ApiException forbidden(String reason) {
        return new ApiException(HttpStatus.FORBIDDEN, "403 Forbidden - " + reason);
    }

    static ApiException unauthorized() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "401 Unauthorized");
    }

    static ApiException badRequest(Object message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }

    HttpStatus status() {
        return status;
    }

    Object body() {
        return body;
    }
}
