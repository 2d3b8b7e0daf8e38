package dev.porthole.server.account;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/** A personal access token as stored: everything but the token itself, of which only a digest is kept. */
public record AccessToken(
        long id,
        long userId,
        String name,
        Set<TokenScope> scopes,
        LocalDate expiresAt,
        boolean revoked,
        Instant createdAt,
        Instant lastUsedAt) {

    public boolean usableOn(LocalDate today) {
        return !revoked && (expiresAt == null || today.isBefore(expiresAt));
    }
}
