package dev.porthole.server.trigger;

import dev.porthole.server.ciconfig.JobDefinition;
import java.util.List;

/**
 * What the linter found in a configuration.
 *
 * @param mergedYaml the configuration after {@code include}, {@code extends} and {@code !reference}; null when it
 *     could not be read that far
 * @param includes the files {@code include} merged in
 * @param jobs the jobs a pipeline for the linted ref would get; empty when invalid
 */
public record LintReport(
        boolean valid,
        List<String> errors,
        List<String> warnings,
        String mergedYaml,
        List<String> includes,
        List<JobDefinition> jobs) {}
