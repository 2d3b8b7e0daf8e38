package dev.porthole.server.pipeline;

import java.util.List;

/** A pipeline's status from the statuses of its current jobs (retried attempts do not count). */
final class PipelineStatusRule {
    private PipelineStatusRule() {}

    static PipelineStatus derive(List<Job> jobs) {
        List<Job> current = jobs.stream().filter(j -> !j.retried()).toList();
        if (current.isEmpty()) {
            return PipelineStatus.SKIPPED;
        }
        boolean anyStarted = current.stream()
                .anyMatch(j -> j.status().onRunner() || j.status().complete() && j.status() != JobStatus.SKIPPED);
        if (current.stream().anyMatch(j -> j.status().onRunner())) {
            return PipelineStatus.RUNNING;
        }
        if (current.stream().anyMatch(j -> j.status() == JobStatus.PENDING)) {
            return anyStarted ? PipelineStatus.RUNNING : PipelineStatus.PENDING;
        }
        if (current.stream().anyMatch(Job::blocking)) {
            return PipelineStatus.MANUAL;
        }
        if (current.stream().anyMatch(j -> j.status() == JobStatus.SCHEDULED)) {
            return PipelineStatus.SCHEDULED;
        }
        if (current.stream().anyMatch(j -> j.status() == JobStatus.CREATED)) {
            return anyStarted ? PipelineStatus.RUNNING : PipelineStatus.CREATED;
        }
        if (current.stream().anyMatch(j -> j.status() == JobStatus.FAILED && !j.allowFailure())) {
            return PipelineStatus.FAILED;
        }
        if (current.stream().anyMatch(j -> j.status() == JobStatus.CANCELED)) {
            return PipelineStatus.CANCELED;
        }
        if (current.stream().allMatch(j -> j.status() == JobStatus.SKIPPED || j.status() == JobStatus.MANUAL)) {
            return PipelineStatus.SKIPPED;
        }
        return PipelineStatus.SUCCESS;
    }
}
