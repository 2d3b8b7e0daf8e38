package dev.porthole.server.ciconfig;

import java.time.Duration;
import java.util.List;

/** What {@code default} (and the deprecated top-level keywords) gives every job that does not say otherwise. */
record Defaults(
        List<String> beforeScript,
        List<String> afterScript,
        ImageDefinition image,
        List<ServiceDefinition> services,
        List<String> tags,
        Duration timeout,
        RetryPolicy retry,
        boolean interruptible,
        List<CacheDefinition> cache,
        ArtifactsDefinition artifacts) {}
