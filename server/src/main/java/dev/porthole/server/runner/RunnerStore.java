package dev.porthole.server.runner;

import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Runners in the database, found by the digest of their token. */
@Repository
public class RunnerStore {
    private static final String COLUMNS = "id, token_prefix, description, tags, run_untagged, locked, paused,"
            + " runner_type, maximum_timeout, registration, created_at, contacted_at, version, platform,"
            + " architecture, executor, ip_address, terminal_support";
    private final JdbcClient jdbc;

    public RunnerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(
            String tokenDigest,
            String tokenPrefix,
            String description,
            List<String> tags,
            boolean runUntagged,
            boolean locked,
            boolean paused,
            Integer maximumTimeout,
            String registration,
            Long createdBy,
            Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO runners (token_digest, token_prefix, description, tags, run_untagged, locked, paused,"
                        + " runner_type, maximum_timeout, registration, created_by, created_at)"
                        + " VALUES (:digest, :prefix, :description, :tags, :untagged, :locked, :paused,"
                        + " 'instance_type', :timeout, :registration, :createdBy, :now)")
                .param("digest", tokenDigest)
                .param("prefix", tokenPrefix)
                .param("description", description)
                .param("tags", String.join(",", tags))
                .param("untagged", runUntagged)
                .param("locked", locked)
                .param("paused", paused)
                .param("timeout", maximumTimeout)
                .param("registration", registration)
                .param("createdBy", createdBy)
                .param("now", Timestamps.toSql(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<Runner> findByTokenDigest(String digest) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM runners WHERE token_digest = ?")
                .param(digest)
                .query(RunnerStore::map)
                .optional();
    }

    public Optional<Runner> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM runners WHERE id = ?")
                .param(id)
                .query(RunnerStore::map)
                .optional();
    }

    public List<Runner> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM runners ORDER BY id")
                .query(RunnerStore::map)
                .list();
    }

    public boolean deleteByTokenDigest(String digest) {
        return jdbc.sql("DELETE FROM runners WHERE token_digest = ?")
                        .param(digest)
                        .update()
                == 1;
    }

    public void recordContact(
            long id,
            Instant now,
            String version,
            String revision,
            String platform,
            String architecture,
            String executor,
            String shell,
            String ipAddress,
            TerminalSupport terminal) {
        // A call that says nothing about terminals (verify) keeps what the last job request said.
        jdbc.sql("UPDATE runners SET contacted_at = :now, version = :version, revision = :revision,"
                        + " platform = :platform, architecture = :architecture, executor = :executor, shell = :shell,"
                        + " ip_address = :ip, terminal_support = COALESCE(:terminal, terminal_support) WHERE id = :id")
                .param("now", Timestamps.toSql(now))
                .param("version", version)
                .param("revision", revision)
                .param("platform", platform)
                .param("architecture", architecture)
                .param("executor", executor)
                .param("shell", shell)
                .param("ip", ipAddress)
                .param("terminal", terminal == null ? null : terminal.name())
                .param("id", id)
                .update();
    }

    public boolean setPaused(long id, boolean paused) {
        return jdbc.sql("UPDATE runners SET paused = ? WHERE id = ?")
                        .params(paused, id)
                        .update()
                == 1;
    }

    public boolean deleteById(long id) {
        return jdbc.sql("DELETE FROM runners WHERE id = ?").param(id).update() == 1;
    }

    public boolean replaceToken(long id, String tokenDigest, String tokenPrefix) {
        return jdbc.sql("UPDATE runners SET token_digest = ?, token_prefix = ? WHERE id = ?")
                        .params(tokenDigest, tokenPrefix, id)
                        .update()
                == 1;
    }

    private static TerminalSupport terminal(String stored) {
        return stored == null ? null : TerminalSupport.valueOf(stored);
    }

    private static Runner map(ResultSet rs, int row) throws SQLException {
        String tags = rs.getString("tags");
        return new Runner(
                rs.getLong("id"),
                rs.getString("token_prefix"),
                rs.getString("description"),
                tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
                rs.getBoolean("run_untagged"),
                rs.getBoolean("locked"),
                rs.getBoolean("paused"),
                rs.getString("runner_type"),
                rs.getObject("maximum_timeout", Integer.class),
                rs.getString("registration"),
                Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "contacted_at"),
                rs.getString("version"),
                rs.getString("platform"),
                rs.getString("architecture"),
                rs.getString("executor"),
                rs.getString("ip_address"),
                terminal(rs.getString("terminal_support")));
    }
}
