package dev.porthole.server.project;

import dev.porthole.server.account.User;
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

    public void update(long id, String name, String description, Visibility visibility) {
        jdbc.sql("UPDATE projects SET name = :name, description = :description, visibility = :visibility"
                        + " WHERE id = :id")
                .param("name", name)
                .param("description", description)
                .param("visibility", visibility.wireName())
                .param("id", id)
                .update();
    }

    /** Deletes the project's row; its members, pipelines, jobs and variables go with it (ON DELETE CASCADE). */
    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM projects WHERE id = ?").param(id).update() > 0;
    }

    /** The members with their users, highest role first, then by username. */
    public List<Member> members(long projectId) {
        return jdbc.sql(MEMBER_QUERY + " WHERE m.project_id = ? ORDER BY m.access_level DESC, LOWER(u.username)")
                .param(projectId)
                .query(ProjectStore::mapMember)
                .list();
    }

    public Optional<Member> member(long projectId, long userId) {
        return jdbc.sql(MEMBER_QUERY + " WHERE m.project_id = ? AND m.user_id = ?")
                .params(projectId, userId)
                .query(ProjectStore::mapMember)
                .optional();
    }

    public void changeMemberLevel(long projectId, long userId, AccessLevel level) {
        jdbc.sql("UPDATE project_members SET access_level = ? WHERE project_id = ? AND user_id = ?")
                .params(level.value(), projectId, userId)
                .update();
    }

    public boolean removeMember(long projectId, long userId) {
        return jdbc.sql("DELETE FROM project_members WHERE project_id = ? AND user_id = ?")
                        .params(projectId, userId)
                        .update()
                > 0;
    }

    public long countMembersAt(long projectId, AccessLevel level) {
        return jdbc.sql("SELECT COUNT(*) FROM project_members WHERE project_id = ? AND access_level = ?")
                .params(projectId, level.value())
                .query(Long.class)
                .single();
    }

    /** Takes the project's row lock, so that concurrent member changes cannot both remove the last owner. */
    public void lock(long projectId) {
        jdbc.sql("SELECT id FROM projects WHERE id = ? FOR UPDATE")
                .param(projectId)
                .query(Long.class)
                .optional();
    }

    private static final String MEMBER_QUERY =
            "SELECT u.id, u.username, u.name, u.email, u.admin, u.state, u.created_at, m.access_level,"
                    + " m.created_at AS member_since FROM project_members m JOIN users u ON u.id = m.user_id";

    private static Member mapMember(ResultSet rs, int row) throws SQLException {
        var user = new User(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("name"),
                rs.getString("email"),
                rs.getBoolean("admin"),
                rs.getString("state"),
                Timestamps.read(rs, "created_at"));
        return new Member(
                user,
                AccessLevel.fromValue(rs.getInt("access_level")).orElse(AccessLevel.NONE),
                Timestamps.read(rs, "member_since"));
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
