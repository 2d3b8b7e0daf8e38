package dev.porthole.protocol.runnerapi;

import java.util.Map;

/**
 * What a runner says about itself in every request ({@code info}).
 *
 * @param features capability flags such as {@code session}, {@code terminal}, {@code cancel_gracefully}; every key
 *     a runner knows is sent, true or false
 */
public record RunnerInfo(
        String name,
        String version,
        String revision,
        String platform,
        String architecture,
        String executor,
        String shell,
        Map<String, Boolean> features) {

    public RunnerInfo {
        features = features == null ? Map.of() : Map.copyOf(features);
    }

    public boolean hasFeature(String feature) {
        return Boolean.TRUE.equals(features.get(feature));
    }
}
