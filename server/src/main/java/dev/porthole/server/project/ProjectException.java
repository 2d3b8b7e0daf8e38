package dev.porthole.server.project;

/**
 * A project request that cannot be done as asked; the message says why, in words for the user, and {@link #field()}
 * names the field at fault ({@code base} when it is no one field), as GitLab's validation errors do.
 */
public class ProjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public ProjectException(String message) {
        this("base", message);
    }

    public ProjectException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
