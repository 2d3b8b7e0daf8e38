package dev.porthole.protocol.runnerapi;

import java.util.List;

/**
 * The image a job runs in, for executors that run images.
 *
 * @param entrypoint null to keep the image's own
 * @param pullPolicy null for the runner's default
 */
public record JobImage(
        String name, List<String> entrypoint, ExecutorOptions executorOpts, List<Port> ports, List<String> pullPolicy) {

    /** A port an image or service exposes. */
    public record Port(int number, String protocol, String name) {}
}
