package dev.porthole.protocol.runnerapi;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping both ends of the runner API agree on. */
public final class RunnerApiJson {
    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private RunnerApiJson() {}

    /** A shared, thread-safe mapper: snake_case names, unknown fields ignored so that newer peers can add some. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Applies the runner API's conventions to a builder, for callers that need more settings of their own. */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
