package dev.porthole.server.pipeline;

import dev.porthole.server.ciconfig.ImageDefinition;
import dev.porthole.server.ciconfig.JobDefinition;
import dev.porthole.server.ciconfig.VariableDefinition;
import java.util.List;

/**
 * What a job runs, kept with the job as the configuration defined it, so that a retry runs the same thing.
 *
 * @param timeoutSeconds null for the project's default
 */
public record JobSpec(
        List<String> beforeScript,
        List<String> script,
        List<String> afterScript,
        List<VariableDefinition> variables,
        ImageDefinition image,
        Long timeoutSeconds) {

    public static JobSpec of(JobDefinition definition) {
        return new JobSpec(
                definition.beforeScript(),
                definition.script(),
                definition.afterScript(),
                definition.variables(),
                definition.image(),
                definition.timeout() == null ? null : definition.timeout().toSeconds());
    }
}
