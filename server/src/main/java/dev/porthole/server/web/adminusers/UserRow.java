package dev.porthole.server.web.adminusers;

import dev.porthole.server.account.User;
import java.time.Instant;

/** A user as the admin pages show them: with the sign-in lockout, which is not part of the account itself. */
public record UserRow(User user, Instant lockedUntil) {

    public boolean locked() {
        return lockedUntil != null;
    }

    public boolean blocked() {
        return "blocked".equals(user.state());
    }
}
