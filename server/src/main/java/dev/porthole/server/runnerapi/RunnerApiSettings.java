package dev.porthole.server.runnerapi;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the runner API ({@code porthole.runner-api.*}).
 *
 * @param longPollTimeout how long {@code jobs/request} waits for a job before answering 204; zero turns long
 *     polling off
 * @param traceUpdateInterval how often runners are asked to send their job logs
 * @param traceMaxSize bytes a job's log may hold; a runner that sends more fails the job
 */
@ConfigurationProperties("porthole.runner-api")
public record RunnerApiSettings(
        @DefaultValue("50s") Duration longPollTimeout,
        @DefaultValue("3s") Duration traceUpdateInterval,
        @DefaultValue("104857600") long traceMaxSize) {}
