package dev.porthole.runner.executor.docker;

import java.util.List;
import java.util.Map;

/**
 * A service container beside the job's.
 *
 * @param aliases the names the job reaches it by on the job's network
 * @param command null to keep the image's command
 * @param variables the job's variables with the service's own on top
 */
public record ServiceSpec(ImageRef image, List<String> aliases, List<String> command, Map<String, String> variables) {
    public ServiceSpec {
        aliases = List.copyOf(aliases);
        command = command == null ? null : List.copyOf(command);
        variables = Map.copyOf(variables);
    }
}
