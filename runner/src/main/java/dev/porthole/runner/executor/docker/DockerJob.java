package dev.porthole.runner.executor.docker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the docker executor needs to know about one job.
 *
 * @param runner the runner's short token: labels tell its containers from other runners'
 * @param hostRoot the folder on the runner's machine that holds the job's sources and temporary files; it is
 *     bind-mounted at {@code containerRoot}, so a path under one is the same file under the other
 * @param projectDir the sources, under {@code hostRoot}: where steps and terminals start
 */
public record DockerJob(
        long jobId,
        String runner,
        ImageRef image,
        List<ServiceSpec> services,
        ContainerOptions options,
        Path hostRoot,
        String containerRoot,
        Path projectDir) {
    public DockerJob {
        services = List.copyOf(services);
    }

    /** Labels every container, network and volume of this job carries. */
    Map<String, String> labels() {
        return Map.of(Labels.MANAGED, "true", Labels.RUNNER, runner, Labels.JOB, Long.toString(jobId));
    }

    /** A path on the runner's machine as the container sees it. */
    String inContainer(Path hostPath) {
        return containerRoot + "/" + hostRoot.relativize(hostPath).toString();
    }

    /** The prefix of this job's names: containers, networks, volumes. */
    String namePrefix() {
        return "porthole-" + runner.replaceAll("[^a-zA-Z0-9_.-]", "_") + "-job-" + jobId;
    }
}
