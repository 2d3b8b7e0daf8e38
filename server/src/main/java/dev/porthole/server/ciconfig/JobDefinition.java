package dev.porthole.server.ciconfig;

import java.time.Duration;
import java.util.List;

/**
 * One job as the configuration defines it, with {@code default} and global values already applied.
 *
 * @param variables the job's own variables followed by the global ones it does not override
 * @param image null when the job names none
 * @param timeout null for the project's default
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
        List<String> tags,
        Duration timeout) {}
