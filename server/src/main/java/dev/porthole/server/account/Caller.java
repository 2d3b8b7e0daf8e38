package dev.porthole.server.account;

import java.util.Set;

/**
 * A user authenticated for one request, with what the credential they used allows.
 *
 * @param scopes every scope for a password or session; the token's scopes otherwise
 * @param projectScope for a running job's token, the job's project: the only project the request may touch; null
 *     for everything else
 */
public record Caller(User user, Set<TokenScope> scopes, Long projectScope) {

    public Caller(User user, Set<TokenScope> scopes) {
        this(user, scopes, null);
    }

    public static Caller withFullAccess(User user) {
        return new Caller(user, Set.of(TokenScope.values()));
    }

    /** The user who started a running job, acting through its token: read-only, in the job's project only. */
    public static Caller forJob(User user, long projectId) {
        return new Caller(user, Set.of(TokenScope.READ_API), projectId);
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

    /** Whether the credential reaches this project at all. */
    public boolean reaches(long projectId) {
        return projectScope == null || projectScope == projectId;
    }
}
