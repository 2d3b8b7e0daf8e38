package dev.porthole.server.web.tokens;

import dev.porthole.server.account.TokenScope;
import java.util.Set;

/** What the new-token form holds: empty at first, and what was typed when it comes back with errors. */
public record TokenForm(String name, String expiresAt, Set<String> scopes) {

    static TokenForm empty() {
        return new TokenForm("", "", Set.of());
    }

    public boolean has(TokenScope scope) {
        return scopes.contains(scope.wireName());
    }
}
