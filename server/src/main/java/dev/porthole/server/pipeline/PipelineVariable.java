package dev.porthole.server.pipeline;

/**
 * A variable given to one pipeline when it was created (API or form), for every job of it.
 *
 * @param file GitLab's {@code variable_type: file}: the job gets a path to a file holding the value
 */
public record PipelineVariable(String key, String value, boolean file) {}
