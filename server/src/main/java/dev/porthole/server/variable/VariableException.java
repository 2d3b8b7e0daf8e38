package dev.porthole.server.variable;

/** A variable that cannot be saved as given; {@code field} is the field at fault, as GitLab names it. */
public class VariableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public VariableException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
