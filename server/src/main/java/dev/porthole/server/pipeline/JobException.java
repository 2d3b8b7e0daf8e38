package dev.porthole.server.pipeline;

/** An action on a job or pipeline that its state does not allow; the message says why, for the user. */
public class JobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobException(String message) {
        super(message);
    }
}
