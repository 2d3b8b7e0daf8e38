package dev.porthole.server.pipeline;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the job lifecycle ({@code porthole.jobs.*}).
 *
 * @param defaultTimeout for jobs whose configuration names none
 * @param runnerContactTimeout a running job whose runner stays silent this long failed with the runner
 * @param cancelingTimeout a canceling job whose runner does not confirm within this is canceled anyway
 * @param acknowledgeTimeout a job given to a runner that does not confirm it within this goes back to the queue
 * @param housekeepingInterval how often the checks above run
 */
@ConfigurationProperties("porthole.jobs")
public record JobSettings(
        @DefaultValue("1h") Duration defaultTimeout,
        @DefaultValue("10m") Duration runnerContactTimeout,
        @DefaultValue("5m") Duration cancelingTimeout,
        @DefaultValue("60s") Duration acknowledgeTimeout,
        @DefaultValue("15s") Duration housekeepingInterval) {}
