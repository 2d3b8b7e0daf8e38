package dev.porthole.server.account;

import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** Whether another user than {@code exceptId} has this username, in any case. */
    public boolean usernameTaken(String username, long exceptId) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE LOWER(username) = LOWER(?) AND id <> ?")
                        .params(username, exceptId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Whether another user than {@code exceptId} has this email, in any case (people type it either way). */
    public boolean emailTaken(String email, long exceptId) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE LOWER(email) = LOWER(?) AND id <> ?")
                        .params(email, exceptId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    public void updateProfile(long userId, String name, String email) {
        jdbc.sql("UPDATE users SET name = ?, email = ? WHERE id = ?")
                .params(name, email, userId)
                .update();
    }

    public void updateAdmin(long userId, boolean admin) {
        jdbc.sql("UPDATE users SET admin = ? WHERE id = ?")
                .params(admin, userId)
                .update();
    }

    /** Moves the user to {@code state}; false when they were in it already. */
    public boolean updateState(long userId, String state) {
        return jdbc.sql("UPDATE users SET state = :state WHERE id = :id AND state <> :state")
                        .param("state", state)
                        .param("id", userId)
                        .update()
                > 0;
    }

    /** One page of the users the query selects, newest first as GitLab lists them. */
    public List<User> find(UserQuery query, int offset, int limit) {
        var where = where(query);
        var statement = jdbc.sql(
                "SELECT " + COLUMNS + " FROM users" + where.sql() + " ORDER BY id DESC LIMIT :limit OFFSET :offset");
        where.params().forEach(p -> statement.param(p.name(), p.value()));
        return statement
                .param("limit", limit)
                .param("offset", offset)
                .query(UserStore::map)
                .list();
    }

    public long count(UserQuery query) {
        var where = where(query);
        var statement = jdbc.sql("SELECT COUNT(*) FROM users" + where.sql());
        where.params().forEach(p -> statement.param(p.name(), p.value()));
        return statement.query(Long.class).single();
    }

    private record Param(String name, Object value) {}

    private record Where(String sql, List<Param> params) {}

    private static Where where(UserQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Param> params = new ArrayList<>();
        if (query.search() != null && !query.search().isBlank()) {
            // LIKE's wildcards in the search are meant literally.
            String pattern = "%"
                    + query.search()
                            .strip()
                            .toLowerCase(Locale.ROOT)
                            .replace("!", "!!")
                            .replace("%", "!%")
                            .replace("_", "!_")
                    + "%";
            conditions.add("(LOWER(username) LIKE :search ESCAPE '!' OR LOWER(name) LIKE :search ESCAPE '!'"
                    + " OR LOWER(email) LIKE :search ESCAPE '!')");
            params.add(new Param("search", pattern));
        }
        if (query.username() != null && !query.username().isBlank()) {
            conditions.add("LOWER(username) = LOWER(:username)");
            params.add(new Param("username", query.username().strip()));
        }
        if (query.state() != null && !query.state().isBlank()) {
            conditions.add("state = :state");
            params.add(new Param("state", query.state()));
        }
        if (query.adminsOnly()) {
            conditions.add("admin = TRUE");
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), params);
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
