package dev.porthole.server.trigger;

import dev.porthole.server.ciconfig.CiConfigError;
import dev.porthole.server.pipeline.Pipeline;
import java.util.List;

/** What asking for a pipeline at a commit led to. */
public sealed interface TriggerResult {
    /** A pipeline with jobs. */
    record Created(Pipeline pipeline) implements TriggerResult {}

    /** The configuration is invalid: a failed pipeline records the errors. */
    record Invalid(Pipeline pipeline, List<CiConfigError> errors) implements TriggerResult {}

    /** The commit has no {@code .gitlab-ci.yml}: no pipeline. */
    record NoConfig(String ref, String sha) implements TriggerResult {}

    /** {@code workflow: rules} or every job's rules kept the pipeline from being made. */
    record Skipped(String reason) implements TriggerResult {}

    /** The ref does not exist in the repository. */
    record UnknownRef(String ref) implements TriggerResult {}
}
