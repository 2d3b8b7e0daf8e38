package dev.porthole.protocol.runnerapi;

/**
 * {@code POST /api/v4/runners}: registration with the instance's legacy registration token.
 *
 * @param tagList comma-separated tags, as gitlab-runner sends them
 * @param maximumTimeout seconds; 0 or null for none
 */
public record RegisterRunnerRequest(
        String token,
        String description,
        String tagList,
        Boolean runUntagged,
        Boolean locked,
        Boolean paused,
        String accessLevel,
        Integer maximumTimeout,
        String maintenanceNote,
        RunnerInfo info) {}
