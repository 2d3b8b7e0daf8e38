package dev.porthole.runner.executor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One step of a job: {@code script} (before_script and script) or {@code after_script}.
 *
 * @param environment the job's variables, as the step's shell sees them
 * @param timeout the step is killed when it runs longer
 * @param stop completing it kills the step at once
 */
public record ScriptStep(
        String name, List<String> lines, Map<String, String> environment, Duration timeout, CompletableFuture<?> stop) {

    public ScriptStep {
        lines = List.copyOf(lines);
        environment = Map.copyOf(environment);
    }
}
