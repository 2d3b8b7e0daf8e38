package dev.porthole.runner.executor.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The local Docker engine the docker executor's tests run against, and their images, built here by
 * {@code scripts/test-images} (no registry is needed). No engine is a failure, never a skip: the test command
 * ({@code ./porthole test}, {@code scripts/test-prerequisites}) starts one.
 */
final class TestEngine {
    static final String BASH_IMAGE = "porthole-test/bash:1";
    static final String BUSYBOX_IMAGE = "porthole-test/busybox:1";
    /** Busybox exposing 7000/tcp. */
    static final String PORT_IMAGE = "porthole-test/busybox-port:1";

    private static boolean ready;

    private TestEngine() {}

    /** A client of the local engine, with the test images present. */
    static synchronized DockerClient client() {
        DockerClient docker = DockerEngine.connect(null);
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "No Docker engine answers at " + DockerEngine.describe(null) + " (" + ImagePuller.reason(e)
                            + "). The docker executor's tests need one: run scripts/test-prerequisites (as root it"
                            + " installs docker.io and starts dockerd), or start dockerd yourself.",
                    e);
        }
        if (!ready) {
            buildImages();
            ready = true;
        }
        return docker;
    }

    private static void buildImages() {
        Path script = repositoryRoot().resolve("scripts/test-images");
        try {
            Process process = new ProcessBuilder(script.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/test-images"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "scripts/test-images not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
