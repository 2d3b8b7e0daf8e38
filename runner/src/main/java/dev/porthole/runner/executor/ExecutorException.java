package dev.porthole.runner.executor;

/** The executor could not do its part; the job fails as a system failure, with this message in its log. */
public class ExecutorException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExecutorException(String message) {
        super(message);
    }

    public ExecutorException(String message, Throwable cause) {
        super(message, cause);
    }
}
