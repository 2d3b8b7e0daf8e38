package dev.porthole.server.project;

import dev.porthole.server.persistence.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Projects and their members in the database. */
@Repository
public class ProjectStore {
    private static final String COLUMNS =
            "id, namespace_path, path, name, description, visibility, default_branch, creator_id, created_at";
    private final JdbcClient jdbc;

    public ProjectStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Project insert(
            String namespacePath,
            String path,
            String name,
            String description,
            Visibility visibility,
            String defaultBranch,
            long creatorId,
            Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO projects"
                        + " (namespace_path, path, name, description, visibility, default_branch, creator_id, created_at)"
                        + " VALUES (:ns, :path, :name, :description, :visibility, :branch, :creator, :now)")
                .param("ns", namespacePath)
                .param("path", path)
                .param("name", name)
                .param("description", description)
                .param("visibility", visibility.wireName())
                .param("branch", defaultBranch)
                .param("creator", creatorId)
                .param("now", Timestamps.toSql(now))
                .update(keys, "id");
        return new Project(
                keys.getKey().longValue(),
                namespacePath,
                path,
                name,
                description,
                visibility,
                defaultBranch,
                creatorId,
                now);
    }

    public Optional<Project> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM projects WHERE id = ?")
                .param(id)
                .query(ProjectStore::map)
                .optional();
    }

    /** Paths match without regard to case, as in GitLab's URLs. */
    public Optional<Project> findByPath(String namespacePath, String path) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM projects"
                        + " WHERE LOWER(namespace_path) = LOWER(:ns) AND LOWER(path) = LOWER(:path)")
                .param("ns", namespacePath)
                .param("path", path)
                .query(ProjectStore::map)
                .optional();
    }

    public List<Project> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM projects ORDER BY id")
                .query(ProjectStore::map)
                .list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM projects").query(Long.class).single();
    }

    public void addMember(long projectId, long userId, AccessLevel level, Instant now) {
        jdbc.sql("INSERT INTO project_members (project_id, user_id, access_level, created_at)" + " VALUES (?, ?, ?, ?)")
                .params(projectId, userId, level.value(), Timestamps.toSql(now))
                .update();
    }

    public AccessLevel memberLevel(long projectId, long userId) {
        return jdbc.sql("SELECT access_level FROM project_members WHERE project_id = ? AND user_id = ?")
                .params(projectId, userId)
                .query(Integer.class)
                .optional()
                .flatMap(AccessLevel::fromValue)
                .orElse(AccessLevel.NONE);
    }

    private static Project map(ResultSet rs, int row) throws SQLException {
        Long creator = rs.getObject("creator_id", Long.class);
        return new Project(
                rs.getLong("id"),
                rs.getString("namespace_path"),
                rs.getString("path"),
                rs.getString("name"),
                rs.getString("description"),
                Visibility.fromWireName(rs.getString("visibility")).orElse(Visibility.PRIVATE),
                rs.getString("default_branch"),
                creator,
                Timestamps.read(rs, "created_at"));
    }
}
