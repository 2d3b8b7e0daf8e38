package dev.porthole.server.pipeline;

import dev.porthole.server.ciconfig.ArtifactsDefinition;
import dev.porthole.server.ciconfig.CacheDefinition;
import dev.porthole.server.ciconfig.ImageDefinition;
import dev.porthole.server.ciconfig.JobDefinition;
import dev.porthole.server.ciconfig.Need;
import dev.porthole.server.ciconfig.RetryPolicy;
import dev.porthole.server.ciconfig.ServiceDefinition;
import dev.porthole.server.ciconfig.VariableDefinition;
import java.util.List;

/**
 * What a job runs, kept with the job as the configuration defined it, so that a retry runs the same thing.
 *
 * @param timeoutSeconds null for the project's default
 * @param needs null to follow the stages; the jobs (by name) it waits for otherwise
 * @param dependencies null for the default: artifacts of every earlier job (or of the needs)
 * @param startInSeconds for delayed jobs, the delay
 * @param debugHold a debug hold asked for when the job was retried with one (Go-style, such as {@code 15m0s});
 *     it wins over every other value of the variable
 */
public record JobSpec(
        List<String> beforeScript,
        List<String> script,
        List<String> afterScript,
        List<VariableDefinition> variables,
        ImageDefinition image,
        Long timeoutSeconds,
        List<ServiceDefinition> services,
        List<Need> needs,
        List<String> dependencies,
        RetryPolicy retry,
        boolean interruptible,
        ArtifactsDefinition artifacts,
        List<CacheDefinition> cache,
        Long startInSeconds,
        String debugHold) {

    public JobSpec {
        beforeScript = beforeScript == null ? List.of() : beforeScript;
        afterScript = afterScript == null ? List.of() : afterScript;
        variables = variables == null ? List.of() : variables;
        services = services == null ? List.of() : services;
        retry = retry == null ? RetryPolicy.NONE : retry;
        cache = cache == null ? List.of() : cache;
    }

    public static JobSpec of(JobDefinition definition) {
        return new JobSpec(
                definition.beforeScript(),
                definition.script(),
                definition.afterScript(),
                definition.variables(),
                definition.image(),
                definition.timeout() == null ? null : definition.timeout().toSeconds(),
                definition.services(),
                definition.needs(),
                definition.dependencies(),
                definition.retry(),
                definition.interruptible(),
                definition.artifacts(),
                definition.cache(),
                definition.startIn() == null ? null : definition.startIn().toSeconds(),
                null);
    }

    /** The same job, to be held for this long if it fails. */
    public JobSpec withDebugHold(String duration) {
        return new JobSpec(
                beforeScript,
                script,
                afterScript,
                variables,
                image,
                timeoutSeconds,
                services,
                needs,
                dependencies,
                retry,
                interruptible,
                artifacts,
                cache,
                startInSeconds,
                duration);
    }
}
