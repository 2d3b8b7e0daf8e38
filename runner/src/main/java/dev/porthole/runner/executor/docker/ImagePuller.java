package dev.porthole.runner.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.porthole.runner.executor.ExecutorException;
import dev.porthole.runner.trace.JobTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * Gets an image as its pull policies say, trying them in order until one gives it: {@code never} (it must be here),
 * {@code if-not-present} (pull only when missing), {@code always} (pull). A failure names the image, each policy
 * tried and why it failed.
 */
final class ImagePuller {
    private final DockerClient docker;
    private final JobTrace trace;

    ImagePuller(DockerClient docker, JobTrace trace) {
        this.docker = docker;
        this.trace = trace;
    }

    /** The image's inspection once it is present. */
    InspectImageResponse obtain(ImageRef image) throws ExecutorException, InterruptedException {
        String reference = image.reference();
        List<String> failures = new ArrayList<>();
        for (String policy : image.pullPolicy()) {
            try {
                switch (policy) {
                    case "never" -> {
                        var present = local(reference);
                        if (present != null) {
                            return used(reference, present);
                        }
                        failures.add("never: the image is not on this machine and may not be pulled");
                    }
                    case "if-not-present" -> {
                        var present = local(reference);
                        if (present != null) {
                            return used(reference, present);
                        }
                        return used(reference, pull(reference));
                    }
                    case "always" -> {
                        return used(reference, pull(reference));
                    }
                    default -> failures.add(policy + ": not a pull policy");
                }
            } catch (DockerException | DockerClientException e) {
                failures.add(policy + ": " + reason(e));
            }
        }
        throw new ExecutorException("failed to get the image \"" + reference + "\" (pull_policy " + image.pullPolicy()
                + "): " + String.join("; ", failures));
    }

    private InspectImageResponse local(String reference) {
        try {
            return docker.inspectImageCmd(reference).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private InspectImageResponse pull(String reference) throws InterruptedException {
        trace.line("Pulling docker image " + reference + " ...");
        int colon = reference.lastIndexOf(':');
        boolean digest = reference.contains("@");
        var command = digest
                ? docker.pullImageCmd(reference)
                : docker.pullImageCmd(reference.substring(0, colon)).withTag(reference.substring(colon + 1));
        command.exec(new PullImageResultCallback()).awaitCompletion();
        return docker.inspectImageCmd(reference).exec();
    }

    private InspectImageResponse used(String reference, InspectImageResponse image) {
        trace.line("Using docker image " + image.getId() + " for " + reference + " ...");
        return image;
    }

    /** The engine's own words, without docker-java's status prefix and JSON wrapping. */
    static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int json = message.indexOf("{\"message\":\"");
        if (json >= 0) {
            int end = message.indexOf('"', json + 12);
            message = message.substring(json + 12, end < 0 ? message.length() : end);
        }
        return message.strip();
    }
}
