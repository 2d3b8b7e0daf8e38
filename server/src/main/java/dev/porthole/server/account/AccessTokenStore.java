package dev.porthole.server.account;

import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Personal access tokens in the database, found by the digest of the token. */
@Repository
public class AccessTokenStore {
    private static final String COLUMNS = "id, user_id, name, scopes, expires_at, revoked, created_at, last_used_at";
    private final JdbcClient jdbc;

    public AccessTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public AccessToken insert(
            long userId, String name, String digest, Set<TokenScope> scopes, LocalDate expiresAt, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO personal_access_tokens"
                        + " (user_id, name, token_digest, scopes, expires_at, revoked, created_at)"
                        + " VALUES (:user, :name, :digest, :scopes, :expires, FALSE, :now)")
                .param("user", userId)
                .param("name", name)
                .param("digest", digest)
                .param("scopes", scopes.stream().map(TokenScope::wireName).collect(Collectors.joining(",")))
                .param("expires", expiresAt)
                .param("now", Timestamps.toSql(now))
                .update(keys, "id");
        return new AccessToken(keys.getKey().longValue(), userId, name, scopes, expiresAt, false, now, null);
    }

    public Optional<AccessToken> findByDigest(String digest) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM personal_access_tokens WHERE token_digest = ?")
                .param(digest)
                .query(AccessTokenStore::map)
                .optional();
    }

    public Optional<AccessToken> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM personal_access_tokens WHERE id = ?")
                .param(id)
                .query(AccessTokenStore::map)
                .optional();
    }

    public List<AccessToken> forUser(long userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM personal_access_tokens WHERE user_id = ? ORDER BY id")
                .param(userId)
                .query(AccessTokenStore::map)
                .list();
    }

    /** Revokes the token if it is this user's and still unrevoked; false otherwise, whoever's it is. */
    public boolean revoke(long id, long userId) {
        return jdbc.sql(
                                "UPDATE personal_access_tokens SET revoked = TRUE WHERE id = ? AND user_id = ? AND revoked = FALSE")
                        .params(id, userId)
                        .update()
                > 0;
    }

    public void touch(long id, Instant now) {
        jdbc.sql("UPDATE personal_access_tokens SET last_used_at = ? WHERE id = ?")
                .params(Timestamps.toSql(now), id)
                .update();
    }

    private static AccessToken map(ResultSet rs, int row) throws SQLException {
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        Arrays.stream(rs.getString("scopes").split(","))
                .map(TokenScope::fromWireName)
                .flatMap(Optional::stream)
                .forEach(scopes::add);
        return new AccessToken(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getString("name"),
                Set.copyOf(scopes),
                rs.getObject("expires_at", LocalDate.class),
                rs.getBoolean("revoked"),
                Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "last_used_at"));
    }
}
