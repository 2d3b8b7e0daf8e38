package dev.porthole.server.variable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Projects' variables in the database. */
@Repository
public class ProjectVariableStore {
    private static final String COLUMNS =
            "variable_key, variable_value, variable_type, protected, masked, raw," + " environment_scope, description";
    private final JdbcClient jdbc;

    public ProjectVariableStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<ProjectVariable> forProject(long projectId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM project_variables WHERE project_id = ? ORDER BY variable_key")
                .param(projectId)
                .query(ProjectVariableStore::map)
                .list();
    }

    public Optional<ProjectVariable> find(long projectId, String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM project_variables WHERE project_id = ? AND variable_key = ?"
                        + " AND environment_scope = '*'")
                .params(projectId, key)
                .query(ProjectVariableStore::map)
                .optional();
    }

    public void insert(long projectId, ProjectVariable v) {
        jdbc.sql("INSERT INTO project_variables (project_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        projectId,
                        v.key(),
                        v.value(),
                        v.variableType(),
                        v.protectedOnly(),
                        v.masked(),
                        v.raw(),
                        v.environmentScope(),
                        v.description())
                .update();
    }

    public void update(long projectId, ProjectVariable v) {
        jdbc.sql(
                        "UPDATE project_variables SET variable_value = ?, variable_type = ?, protected = ?, masked = ?,"
                                + " raw = ?, description = ? WHERE project_id = ? AND variable_key = ? AND environment_scope = ?")
                .params(
                        v.value(),
                        v.variableType(),
                        v.protectedOnly(),
                        v.masked(),
                        v.raw(),
                        v.description(),
                        projectId,
                        v.key(),
                        v.environmentScope())
                .update();
    }

    public boolean delete(long projectId, String key) {
        return jdbc.sql("DELETE FROM project_variables WHERE project_id = ? AND variable_key = ?")
                        .params(projectId, key)
                        .update()
                > 0;
    }

    private static ProjectVariable map(ResultSet rs, int row) throws SQLException {
        return new ProjectVariable(
                rs.getString("variable_key"),
                rs.getString("variable_value"),
                rs.getString("variable_type"),
                rs.getBoolean("protected"),
                rs.getBoolean("masked"),
                rs.getBoolean("raw"),
                rs.getString("environment_scope"),
                rs.getString("description"));
    }
}
