package dev.porthole.server.web.projects;

import dev.porthole.server.account.User;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.web.Format;

/** A pipeline as the list shows it: with its commit's title and who started it (null when unknown). */
public record PipelineRow(Pipeline pipeline, String commitTitle, User user) {

    /** How long it ran (so far, while it runs); empty before it starts. */
    public String duration() {
        return Format.duration(pipeline.startedAt(), pipeline.finishedAt());
    }

    /** GitLab's words for where a pipeline came from. */
    public String source() {
        return switch (pipeline.source()) {
            case "push" -> "push";
            case "web" -> "web";
            case "api" -> "API";
            case "trigger" -> "trigger";
            case "schedule" -> "schedule";
            default -> pipeline.source();
        };
    }
}
