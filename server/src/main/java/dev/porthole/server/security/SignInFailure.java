package dev.porthole.server.security;

import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;

/** Why a sign-in failed, as the sign-in page tells it; the query string carries it across the redirect. */
public enum SignInFailure {
    INVALID("error", "Invalid login or password."),
    LOCKED(
            "locked",
            "Your account is locked after too many failed sign-in attempts. Try again in 10 minutes,"
                    + " or ask an administrator to unlock it."),
    BLOCKED("blocked", "Your account has been blocked. Ask an administrator to unblock it.");

    private final String query;
    private final String message;

    SignInFailure(String query, String message) {
        this.query = query;
        this.message = message;
    }

    public String query() {
        return query;
    }

    public String message() {
        return message;
    }

    static SignInFailure of(AuthenticationException failure) {
        return switch (failure) {
            case LockedException locked -> LOCKED;
            case DisabledException disabled -> BLOCKED;
            default -> INVALID;
        };
    }
}
