package dev.porthole.server.ciconfig;

import java.util.List;

/**
 * A compiled configuration.
 *
 * @param stages every stage in order, {@code .pre} and {@code .post} included
 * @param variables variables {@code workflow: rules} gave the whole pipeline
 * @param includedFiles the files {@code include} merged in
 * @param mergedYaml the configuration after include, extends and !reference, as YAML (for the linter)
 * @param skippedBecause why {@code workflow: rules} made no pipeline; null when it made one
 */
public record CiConfig(
        List<String> stages,
        List<JobDefinition> jobs,
        List<VariableDefinition> variables,
        List<String> includedFiles,
        String mergedYaml,
        String skippedBecause) {

    public boolean created() {
        return skippedBecause == null;
    }
}
