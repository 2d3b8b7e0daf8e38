package dev.porthole.runner.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what jobs of one runner left in the engine (containers, networks, per-job volumes, found by their labels):
 * after each job, and at the runner's start for jobs of a runner process that died. Caches (volumes without a job
 * label) stay.
 */
public final class DockerLeftovers {
    private static final Logger LOG = LoggerFactory.getLogger(DockerLeftovers.class);

    private DockerLeftovers() {}

    /**
     * Removes everything labeled for this runner's jobs, at the runner's start.
     *
     * @param host the engine ({@code [runners.docker] host}), null for the default
     * @return how many objects were removed; -1 when the engine cannot be reached
     */
    public static int removeForRunner(String host, String runner) {
        try (DockerClient docker = DockerEngine.connect(host)) {
            return remove(docker, Map.of(Labels.RUNNER, runner));
        } catch (RuntimeException | IOException e) {
            LOG.warn(
                    "could not look for leftover containers of runner {} at {}: {}",
                    runner,
                    DockerEngine.describe(host),
                    ImagePuller.reason(e));
            return -1;
        }
    }

    /** Removes everything labeled with all of {@code labels}; failures are logged. */
    static int remove(DockerClient docker, Map<String, String> labels) {
        int removed = 0;
        List<Container> containers = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(labels)
                .exec();
        for (Container container : containers) {
            try {
                docker.removeContainerCmd(container.getId())
                        .withForce(true)
                        .withRemoveVolumes(true)
                        .exec();
                removed++;
            } catch (NotFoundException e) {
                // gone already
            } catch (DockerException e) {
                LOG.warn("could not remove container {}: {}", container.getId(), ImagePuller.reason(e));
            }
        }
        List<String> filters = labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
        for (Network network :
                docker.listNetworksCmd().withFilter("label", filters).exec()) {
            try {
                docker.removeNetworkCmd(network.getId()).exec();
                removed++;
            } catch (NotFoundException e) {
                // gone already
            } catch (DockerException e) {
                LOG.warn("could not remove network {}: {}", network.getName(), ImagePuller.reason(e));
            }
        }
        var volumeFilters = new ArrayList<>(filters);
        volumeFilters.add(Labels.JOB);
        var volumes = docker.listVolumesCmd()
                .withFilter("label", volumeFilters)
                .exec()
                .getVolumes();
        for (var volume : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            try {
                docker.removeVolumeCmd(volume.getName()).exec();
                removed++;
            } catch (NotFoundException e) {
                // gone already
            } catch (DockerException e) {
                LOG.warn("could not remove volume {}: {}", volume.getName(), ImagePuller.reason(e));
            }
        }
        return removed;
    }
}
