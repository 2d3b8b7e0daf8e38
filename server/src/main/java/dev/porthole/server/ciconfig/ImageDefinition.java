package dev.porthole.server.ciconfig;

import java.util.List;

/**
 * The image a job asks for.
 *
 * @param entrypoint null to keep the image's own
 * @param user docker's {@code user} option, or null
 * @param platform docker's {@code platform} option, or null
 * @param pullPolicy empty for the runner's default
 */
public record ImageDefinition(
        String name, List<String> entrypoint, String user, String platform, List<String> pullPolicy) {

    public static ImageDefinition named(String name) {
        return new ImageDefinition(name, null, null, null, List.of());
    }
}
