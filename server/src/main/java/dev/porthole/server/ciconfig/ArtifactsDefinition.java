package dev.porthole.server.ciconfig;

import java.util.List;

/**
 * What a job keeps of its files ({@code artifacts}).
 *
 * @param name the archive's name; null for GitLab's default
 * @param when {@code on_success}, {@code on_failure} or {@code always}
 * @param expireIn a duration such as {@code 1 week}, {@code never}, or null for the server's default
 */
public record ArtifactsDefinition(
        String name, List<String> paths, List<String> exclude, boolean untracked, String when, String expireIn) {}
