package dev.porthole.server.account;

import java.time.Instant;

/** A person (or bot) who signs in. {@code state} is {@code active} or {@code blocked}. */
public record User(
        long id, String username, String name, String email, boolean admin, String state, Instant createdAt) {

    public boolean active() {
        return "active".equals(state);
    }
}
