package dev.porthole.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local Docker engine for docker-executor tests, through the {@code docker} command: it must answer (the test
 * command starts it; no engine is a failure with a clear message, never a skip), and the test images are built
 * locally by {@code scripts/test-images}.
 */
public final class DockerHost {
    /** Debian's static busybox: sh, no bash. */
    public static final String BUSYBOX_IMAGE = "porthole-test/busybox:1";
    /** The same with bash, and a user {@code builder}. */
    public static final String BASH_IMAGE = "porthole-test/bash:1";

    private static boolean ready;

    private DockerHost() {}

    public static synchronized void ensureReady() {
        if (ready) {
            return;
        }
        Result info = run(List.of("docker", "info", "--format", "{{.ServerVersion}}"));
        if (info.code() != 0) {
            throw new IllegalStateException(
                    "No Docker engine answers (`docker info`: " + info.output().strip()
                            + "). The docker executor's tests need one: run scripts/test-prerequisites (as root it installs"
                            + " docker.io and starts dockerd), or start dockerd yourself.");
        }
        Result images = run(
                List.of(Processes.projectRoot().resolve("scripts/test-images").toString()));
        if (images.code() != 0) {
            throw new IllegalStateException("scripts/test-images failed:\n" + images.output());
        }
        ready = true;
    }

    /** Ids of the containers (running or not) with this label ({@code key=value}). */
    public static List<String> containers(String label) {
        return lines(run(List.of("docker", "ps", "-aq", "--filter", "label=" + label)));
    }

    /** Ids of the networks with this label. */
    public static List<String> networks(String label) {
        return lines(run(List.of("docker", "network", "ls", "-q", "--filter", "label=" + label)));
    }

    /** Names of the volumes with this label. */
    public static List<String> volumes(String label) {
        return lines(run(List.of("docker", "volume", "ls", "-q", "--filter", "label=" + label)));
    }

    /** Output of a command run in a container. */
    public static String exec(String container, String... command) {
        List<String> args = new ArrayList<>(List.of("docker", "exec", container));
        args.addAll(Arrays.asList(command));
        return run(args).output();
    }

    private static List<String> lines(Result result) {
        if (result.code() != 0) {
            throw new IllegalStateException("docker failed: " + result.output());
        }
        return result.output().lines().filter(l -> !l.isBlank()).toList();
    }

    private record Result(int code, String output) {}

    private static Result run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, command.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
