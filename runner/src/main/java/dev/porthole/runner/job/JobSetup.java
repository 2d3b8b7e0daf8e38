package dev.porthole.runner.job;

import dev.porthole.protocol.runnerapi.RunnerInfo;
import dev.porthole.runner.client.CoordinatorClient;
import dev.porthole.runner.config.RunnerEntry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a job needs from the runner around it.
 *
 * @param concurrentId this job's slot among the entry's running jobs, which keeps their build directories apart
 * @param buildsDir where this entry's jobs check out their sources
 * @param cacheDir where this entry's jobs keep their caches
 * @param afterScriptTimeout how long after_script may run
 */
public record JobSetup(
        RunnerEntry entry,
        RunnerInfo info,
        CoordinatorClient client,
        int concurrentId,
        Path buildsDir,
        Path cacheDir,
        Duration afterScriptTimeout) {

    public static final Duration DEFAULT_AFTER_SCRIPT_TIMEOUT = Duration.ofMinutes(5);
}
