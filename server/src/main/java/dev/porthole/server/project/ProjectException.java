package dev.porthole.server.project;

/** A project request that cannot be done as asked; the message says why, in words for the user. */
public class ProjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProjectException(String message) {
        super(message);
    }
}
