package dev.porthole.server.web.pipelines;

import dev.porthole.server.web.jobs.JobState;
import java.util.List;

/**
 * A pipeline as {@code pipeline.js} polls it ({@code .../-/pipelines/:id.json}).
 *
 * @param live whether anything may still change on its own: the page keeps polling while it is
 */
public record PipelineState(
        long id, String status, boolean live, String duration, PipelineActions actions, List<JobState> jobs) {}
