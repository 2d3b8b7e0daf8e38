package dev.porthole.runner.session;

/** The session server cannot start; the message says where it tried to listen and why it failed. */
public class SessionServerException extends Exception {
    private static final long serialVersionUID = 1L;

    public SessionServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
