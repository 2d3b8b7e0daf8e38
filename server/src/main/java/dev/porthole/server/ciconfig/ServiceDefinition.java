package dev.porthole.server.ciconfig;

import java.util.List;

/**
 * A service container beside the job, as {@code services} names it.
 *
 * @param aliases the host names the job reaches it by (GitLab allows several, separated by commas or spaces)
 * @param entrypoint null to keep the image's own
 * @param command null to keep the image's own
 */
public record ServiceDefinition(
        String name,
        List<String> aliases,
        List<String> entrypoint,
        List<String> command,
        List<VariableDefinition> variables,
        String user,
        String platform,
        List<String> pullPolicy) {

    public static ServiceDefinition named(String name) {
        return new ServiceDefinition(name, List.of(), null, null, List.of(), null, null, List.of());
    }
}
