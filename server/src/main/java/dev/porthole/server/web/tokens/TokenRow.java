package dev.porthole.server.web.tokens;

import dev.porthole.server.account.AccessToken;
import dev.porthole.server.account.TokenScope;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** A token as its row shows it: scopes in GitLab's order, and whether it still works and why not. */
public record TokenRow(AccessToken token, boolean active, String inactiveReason) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH);

    static TokenRow of(AccessToken token, LocalDate today) {
        if (token.revoked()) {
            return new TokenRow(token, false, "Revoked");
        }
        if (!token.usableOn(today)) {
            return new TokenRow(token, false, "Expired");
        }
        return new TokenRow(token, true, null);
    }

    public List<String> scopes() {
        return token.scopes().stream()
                .sorted(Comparator.comparingInt(TokenScope::ordinal))
                .map(TokenScope::wireName)
                .toList();
    }

    public String expiresOn() {
        return token.expiresAt() == null ? "Never" : DAY.format(token.expiresAt());
    }

    /** The start of the expiry day, for the relative "in 3 days" beside the date. */
    public Instant expiresAt() {
        return token.expiresAt() == null
                ? null
                : token.expiresAt().atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
