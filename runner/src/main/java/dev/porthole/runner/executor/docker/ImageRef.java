package dev.porthole.runner.executor.docker;

import java.util.List;

/**
 * An image to run, as a job names it.
 *
 * @param entrypoint null to keep the image's own; an empty list or {@code [""]} clears it
 * @param user null for the image's (or the runner's configured) user
 * @param pullPolicy the policies tried in order until one gives the image
 */
public record ImageRef(String name, List<String> entrypoint, String user, List<String> pullPolicy) {
    public ImageRef {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        pullPolicy = List.copyOf(pullPolicy);
    }

    /** The name with {@code :latest} when it has neither tag nor digest: pulling a bare name would take every tag. */
    public String reference() {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return last.contains(":") || last.contains("@") ? name : name + ":latest";
    }
}
