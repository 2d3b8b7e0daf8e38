package dev.porthole.protocol.runnerapi;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Executor-specific options of an image or service; serialised as {@code {}} when none is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutorOptions(Docker docker) {

    public static final ExecutorOptions NONE = new ExecutorOptions(null);

    /** Options for the docker executor. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Docker(String platform, String user) {}
}
