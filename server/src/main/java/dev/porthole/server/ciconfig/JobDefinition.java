package dev.porthole.server.ciconfig;

import java.time.Duration;
import java.util.List;

/**
 * One job as the configuration defines it, after {@code include}, {@code extends}, {@code !reference}, {@code
 * default}, {@code rules} and {@code parallel} did their work.
 *
 * @param variables the job's own variables (its rules' first), then those it does not override of {@code workflow:
 *     rules} and of the global {@code variables}, in that order
 * @param image null when the job names none
 * @param timeout null for the project's default
 * @param needs null to wait for the earlier stages; a list (possibly empty) to wait for these jobs only
 * @param dependencies null for GitLab's default: the artifacts of every earlier job (or of the needs)
 * @param artifacts null when the job keeps none
 * @param startIn for {@code when: delayed}, how long after it is due it starts; null otherwise
 */
public record JobDefinition(
        String name,
        String stage,
        int stageIndex,
        When when,
        boolean allowFailure,
        List<String> beforeScript,
        List<String> script,
        List<String> afterScript,
        List<VariableDefinition> variables,
        ImageDefinition image,
        List<ServiceDefinition> services,
        List<String> tags,
        Duration timeout,
        List<Need> needs,
        List<String> dependencies,
        RetryPolicy retry,
        boolean interruptible,
        ArtifactsDefinition artifacts,
        List<CacheDefinition> cache,
        Duration startIn) {}
