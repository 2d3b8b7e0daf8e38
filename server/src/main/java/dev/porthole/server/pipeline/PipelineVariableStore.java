package dev.porthole.server.pipeline;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The variables pipelines were created with. */
@Repository
public class PipelineVariableStore {
    private final JdbcClient jdbc;

    public PipelineVariableStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(long pipelineId, List<PipelineVariable> variables) {
        for (PipelineVariable variable : variables) {
            jdbc.sql("INSERT INTO pipeline_variables (pipeline_id, variable_key, variable_value, variable_type)"
                            + " VALUES (?, ?, ?, ?)")
                    .params(pipelineId, variable.key(), variable.value(), variable.file() ? "file" : "env_var")
                    .update();
        }
    }

    public List<PipelineVariable> forPipeline(long pipelineId) {
        return jdbc.sql("SELECT variable_key, variable_value, variable_type FROM pipeline_variables"
                        + " WHERE pipeline_id = ? ORDER BY variable_key")
                .param(pipelineId)
                .query((rs, row) -> new PipelineVariable(
                        rs.getString("variable_key"),
                        rs.getString("variable_value"),
                        "file".equals(rs.getString("variable_type"))))
                .list();
    }
}
