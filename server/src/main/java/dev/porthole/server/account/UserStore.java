package dev.porthole.server.account;

import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Users in the database. */
@Repository
public class UserStore {
    private static final String COLUMNS = "id, username, name, email, admin, state, created_at";
    private final JdbcClient jdbc;

    public UserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public User insert(String username, String name, String email, String passwordHash, boolean admin, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO users (username, name, email, password_hash, admin, state, created_at)"
                        + " VALUES (:username, :name, :email, :hash, :admin, 'active', :now)")
                .param("username", username)
                .param("name", name)
                .param("email", email)
                .param("hash", passwordHash)
                .param("admin", admin)
                .param("now", Timestamps.toSql(now))
                .update(keys, "id");
        return new User(keys.getKey().longValue(), username, name, email, admin, "active", now);
    }

    public Optional<User> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?")
                .param(id)
                .query(UserStore::map)
                .optional();
    }

    /** By username or email, as people type either at sign-in; usernames match without regard to case. */
    public Optional<User> findByLogin(String login) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE LOWER(username) = LOWER(:login) OR email = :login")
                .param("login", login)
                .query(UserStore::map)
                .optional();
    }

    public Optional<String> passwordHash(long userId) {
        return jdbc.sql("SELECT password_hash FROM users WHERE id = ?")
                .param(userId)
                .query(String.class)
                .optional();
    }

    public void updatePasswordHash(long userId, String hash) {
        jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?")
                .params(hash, userId)
                .update();
    }

    /** Counts a failed sign-in; at {@code limit} failures the account locks until {@code lockUntil}. */
    public void recordFailedSignIn(long userId, int limit, Instant lockUntil) {
        jdbc.sql("UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ?")
                .param(userId)
                .update();
        jdbc.sql(
                        "UPDATE users SET failed_attempts = 0, locked_until = :until WHERE id = :id AND failed_attempts >= :limit")
                .param("until", Timestamps.toSql(lockUntil))
                .param("id", userId)
                .param("limit", limit)
                .update();
    }

    public void clearFailedSignIns(long userId) {
        jdbc.sql("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?")
                .param(userId)
                .update();
    }

    /** Until when the account is locked, if it ever was. */
    public Optional<Instant> lockedUntil(long userId) {
        return jdbc.sql("SELECT locked_until FROM users WHERE id = ?")
                .param(userId)
                .query((rs, row) -> Optional.ofNullable(Timestamps.read(rs, "locked_until")))
                .single();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
    }

    static User map(ResultSet rs, int row) throws SQLException {
        return new User(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("name"),
                rs.getString("email"),
                rs.getBoolean("admin"),
                rs.getString("state"),
                Timestamps.read(rs, "created_at"));
    }
}
