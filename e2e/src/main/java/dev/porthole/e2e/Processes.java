package dev.porthole.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the programs under test are, and small things every process wrapper needs. */
public final class Processes {
    private Processes() {}

    /** The java binary running these tests: a JDK new enough for Porthole. */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public static Path serverJar() {
        return jar("porthole.serverJar", "server/target/porthole-server.jar");
    }

    public static Path runnerJar() {
        return jar("porthole.runnerJar", "runner/target/porthole-runner.jar");
    }

    /** The project's root folder (where {@code ./porthole} is). */
    public static Path projectRoot() {
        return serverJar().toAbsolutePath().normalize().getParent().getParent().getParent();
    }

    /** Where processes write their logs, kept as test output. */
    public static Path outputDir() {
        Path dir = Path.of(System.getProperty("porthole.testOutput", "target/e2e-output"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path jar(String property, String fallback) {
        Path jar = Path.of(System.getProperty(property, fallback));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build with ./mvnw package first");
        }
        return jar;
    }

    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of a log, for failure messages. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Sends a signal to a process, or with a negative number to the whole process group. */
    public static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, "--", Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
