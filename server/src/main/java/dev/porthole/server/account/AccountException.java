package dev.porthole.server.account;

import java.util.Locale;

/**
 * A request about accounts that cannot be done as asked. {@code field} names the field at fault as GitLab names it
 * ({@code base} when no single field is), {@code problem} says what is wrong with it in GitLab's words ("has already
 * been taken"), and the message is both as one sentence for people ("Email has already been taken").
 */
public class AccountException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal this is, so that each edge answers it its own way (a form error, a 409, a 403). */
    public enum Reason {
        /** The value is not acceptable: fix it and try again. */
        INVALID,
        /** Another account already uses the value. */
        TAKEN,
        /** Allowed to nobody in this situation, whatever the values (blocking oneself). */
        NOT_ALLOWED
    }

    private final Reason reason;
    private final String field;
    private final String problem;

    public AccountException(String message) {
        this(Reason.INVALID, "base", message);
    }

    private AccountException(Reason reason, String field, String problem) {
        super(sentence(field, problem));
        this.reason = reason;
        this.field = field;
        this.problem = problem;
    }

    public static AccountException invalid(String field, String problem) {
        return new AccountException(Reason.INVALID, field, problem);
    }

    public static AccountException taken(String field) {
        return new AccountException(Reason.TAKEN, field, "has already been taken");
    }

    public static AccountException notAllowed(String message) {
        return new AccountException(Reason.NOT_ALLOWED, "base", message);
    }

    public Reason reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }

    private static String sentence(String field, String problem) {
        if ("base".equals(field)) {
            return problem;
        }
        String words = field.replace('_', ' ');
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1) + " " + problem;
    }
}
