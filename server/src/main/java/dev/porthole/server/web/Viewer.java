package dev.porthole.server.web;

import dev.porthole.server.account.User;
import java.util.Optional;

/**
 * Who is looking at a page: a signed-in user, re-read for this request so that blocking or a new role takes
 * effect at once, or nobody ({@code user == null}).
 */
public record Viewer(User user) {

    public static Viewer anonymous() {
        return new Viewer(null);
    }

    public boolean signedIn() {
        return user != null;
    }

    public boolean admin() {
        return user != null && user.admin();
    }

    public Optional<User> asUser() {
        return Optional.ofNullable(user);
    }

    /** The user, for pages that the security chain only lets signed-in users reach. */
    public User required() {
        if (user == null) {
            throw new PageException.NotFound("Sign in to see this page.");
        }
        return user;
    }
}
