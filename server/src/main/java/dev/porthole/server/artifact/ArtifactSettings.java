package dev.porthole.server.artifact;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of job artifacts ({@code porthole.artifacts.*}).
 *
 * @param maxSize how much one upload may hold ({@code 100MB}, {@code 1GB})
 * @param defaultExpireIn how long artifacts are kept when the job's {@code expire_in} does not say
 * @param expiryInterval how often expired artifacts are removed
 */
@ConfigurationProperties("porthole.artifacts")
public record ArtifactSettings(
        @DefaultValue("100MB") DataSize maxSize,
        @DefaultValue("30d") Duration defaultExpireIn,
        @DefaultValue("10m") Duration expiryInterval) {}
