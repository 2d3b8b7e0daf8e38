package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The README's run command, as a user runs it: {@code ./porthole demo} starts everything and the sample pipeline
 * runs; Ctrl-C stops server and runner cleanly; a second start on the same data folder keeps everything.
 */
class DemoLauncherIT {
    private final int port = Processes.freePort();
    private final Path data = ServerProcess.createDirectory("porthole-demo");

    private Process start(Path output) throws IOException {
        Path javaHome = Path.of(Processes.java()).getParent().getParent();
        // Its own session and process group, so that a Ctrl-C can go to the whole group as a terminal sends it.
        var builder = new ProcessBuilder(
                        "setsid",
                        "bash",
                        "./porthole",
                        "demo",
                        "--port",
                        Integer.toString(port),
                        "--data",
                        data.toString())
                .directory(Processes.projectRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().remove("PORTHOLE_ROOT_TOKEN");
        Process process = builder.start();
        await("the demo running (output: " + output + ")")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("./porthole demo exited:\n" + Files.readString(output));
                    }
                    return Files.readString(output).contains("Press Ctrl-C to stop.");
                });
        return process;
    }

    /** What a terminal's Ctrl-C does: SIGINT to the whole foreground process group. */
    private static int pressCtrlC(Process process) throws InterruptedException {
        Processes.signal(-process.pid(), "INT");
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./porthole demo did not stop within 3 minutes of Ctrl-C");
        }
        return process.exitValue();
    }

    private List<ProcessHandle> javaProcessesOfThisDemo() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains(data.toString()))
                        .orElse(false))
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .toList();
    }

    @Test
    void demoRunsStopsOnCtrlCAndKeepsEverythingForTheNextStart() throws Exception {
        Path firstOutput = Processes.outputDir().resolve("demo-first.out");
        Process first = start(firstOutput);
        String printed = Files.readString(firstOutput);
        assertThat(printed)
                .contains("Porthole is running.")
                .contains("Sign in     root / ")
                .contains("git clone");
        String token = Files.readString(data.resolve("root-token")).strip();
        assertThat(printed).contains("API token   " + token);

        var api = new Api("http://localhost:" + port, token);
        JsonNode project = api.get("/projects/" + Api.encode("root/demo"));
        long projectId = project.get("id").asLong();
        long pipeline = api.pipelines(projectId).get(0).get("id").asLong();
        long build = api.job(projectId, pipeline, "build").get("id").asLong();
        api.awaitJob(projectId, build, "success", Duration.ofMinutes(2));
        long longJob = api.job(projectId, pipeline, "long job").get("id").asLong();
        api.awaitJob(projectId, longJob, "running", Duration.ofMinutes(2));

        assertThat(pressCtrlC(first)).isZero();
        assertThat(Files.readString(firstOutput)).contains("Stopped.");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> javaProcessesOfThisDemo().isEmpty());

        Path secondOutput = Processes.outputDir().resolve("demo-second.out");
        Process second = start(secondOutput);
        assertThat(Files.readString(secondOutput))
                .doesNotContain("Registering the demo runner")
                .contains("Sign in     root, with the password in");
        assertThat(api.get("/projects/" + Api.encode("root/demo")).get("id").asLong())
                .isEqualTo(projectId);
        assertThat(api.pipelines(projectId).get(0).get("id").asLong()).isEqualTo(pipeline);
        assertThat(api.job(projectId, longJob).get("failure_reason").asString()).isEqualTo("runner_system_failure");
        assertThat(pressCtrlC(second)).isZero();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> javaProcessesOfThisDemo().isEmpty());
    }
}
