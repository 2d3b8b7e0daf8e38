package dev.porthole.server.account;

import java.util.Set;

/**
 * A user authenticated for one request, with what the credential they used allows.
 *
 * @param scopes every scope for a password or session; the token's scopes otherwise
 */
public record Caller(User user, Set<TokenScope> scopes) {

    public static Caller withFullAccess(User user) {
        return new Caller(user, Set.of(TokenScope.values()));
    }

    public boolean mayWriteApi() {
        return scopes.contains(TokenScope.API);
    }

    public boolean mayReadApi() {
        return scopes.contains(TokenScope.API) || scopes.contains(TokenScope.READ_API);
    }

    public boolean mayPull() {
        return scopes.contains(TokenScope.API)
                || scopes.contains(TokenScope.READ_REPOSITORY)
                || scopes.contains(TokenScope.WRITE_REPOSITORY);
    }

    public boolean mayPush() {
        return scopes.contains(TokenScope.API) || scopes.contains(TokenScope.WRITE_REPOSITORY);
    }
}
