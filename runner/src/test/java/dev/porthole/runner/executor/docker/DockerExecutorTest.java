package dev.porthole.runner.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.porthole.runner.executor.ExecutorException;
import dev.porthole.runner.executor.ScriptStep;
import dev.porthole.runner.executor.StepResult;
import dev.porthole.runner.terminal.InteractiveTerminal;
import dev.porthole.runner.terminal.TerminalProcess;
import dev.porthole.runner.terminal.TerminalSize;
import dev.porthole.runner.trace.JobTrace;
import dev.porthole.runner.trace.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker executor against the real local engine, with images built locally. */
class DockerExecutorTest {
    private static final AtomicLong JOB_IDS = new AtomicLong(1000);
    private static final String RUNNER = "t" + UUID.randomUUID().toString().substring(0, 7);
    private static DockerClient docker;

    @TempDir
    Path dir;

    private JobTrace trace;
    private DockerExecutor executor;
    private DockerJob job;

    @BeforeAll
    static void engine() {
        docker = TestEngine.client();
    }

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
    }

    private static ContainerOptions options(List<String> volumes, boolean disableCache) {
        return new ContainerOptions(
                null,
                volumes,
                false,
                null,
                null,
                null,
                256L * 1024 * 1024,
                null,
                List.of("extra.test:10.1.2.3"),
                disableCache,
                Duration.ofSeconds(5));
    }

    private DockerExecutor executor(ImageRef image, List<ServiceSpec> services, ContainerOptions options) {
        Path root = dir.resolve("root");
        Path project = root.resolve("group/project");
        trace = new JobTrace(new SecretMasker(List.of(), List.of()), 1 << 20);
        job = new DockerJob(JOB_IDS.incrementAndGet(), RUNNER, image, services, options, root, "/builds", project);
        executor = new DockerExecutor(job, root.resolve("group/project.tmp"), trace);
        return executor;
    }

    private DockerExecutor prepared(String image) throws ExecutorException {
        executor(new ImageRef(image, null, null, List.of("never")), List.of(), options(List.of(), false));
        executor.prepare();
        return executor;
    }

    private StepResult run(Duration timeout, CompletableFuture<?> stop, String... lines) throws Exception {
        return executor.run(new ScriptStep(
                "script",
                List.of(lines),
                Map.of("GREETING", "hej", "CI_PROJECT_DIR", job.projectDir().toString()),
                timeout,
                stop));
    }

    private StepResult run(String... lines) throws Exception {
        return run(Duration.ofMinutes(1), new CompletableFuture<>(), lines);
    }

    private String log() {
        return new String(trace.read(0, Integer.MAX_VALUE), StandardCharsets.UTF_8);
    }

    private List<String> jobContainers() {
        return docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(Labels.JOB, Long.toString(job.jobId()), Labels.RUNNER, RUNNER))
                .exec()
                .stream()
                .map(c -> c.getId())
                .toList();
    }

    /** What {@code ps} shows in the job's container now. */
    private String processes() throws Exception {
        var exec = new ContainerExec(docker, jobContainers().getFirst());
        return exec.run(List.of("ps", "-o", "pid,args"), null, Duration.ofSeconds(20))
                .output();
    }

    @Test
    void stepsRunInOneContainerInTheProjectDirectoryWithTheJobsVariablesAndBashWhenThereIsOne() throws Exception {
        prepared(TestEngine.BASH_IMAGE);
        assertThat(run(
                        "echo \"greeting=$GREETING dir=$CI_PROJECT_DIR builds=$CI_BUILDS_DIR\"",
                        "pwd",
                        "echo \"shell=$BASH_VERSION\"",
                        "hostname > first-step",
                        "grep extra.test /etc/hosts"))
                .isEqualTo(new StepResult.Exited(0));
        assertThat(log())
                .contains("greeting=hej dir=/builds/group/project builds=/builds")
                .contains("\n/builds/group/project")
                .contains("shell=5.")
                .contains("10.1.2.3");
        // The sources folder is the runner's own, mounted: what a step writes is on this machine.
        assertThat(job.projectDir().resolve("first-step")).exists();
        assertThat(run("[ \"$(hostname)\" = \"$(cat first-step)\" ]", "exit 3")).isEqualTo(new StepResult.Exited(3));
        assertThat(run("false | true")).isEqualTo(new StepResult.Exited(1));
    }

    @Test
    void anImageWithoutBashRunsItsStepsWithSh() throws Exception {
        prepared(TestEngine.BUSYBOX_IMAGE);
        assertThat(run("echo \"shell=$0\"", "false | true", "echo after")).isEqualTo(new StepResult.Exited(1));
        assertThat(log()).contains("shell=/bin/sh").doesNotContain("after\n");
    }

    @Test
    void aTimedOutOrStoppedStepIsKilledWithWhatItStartedAndTheContainerGoesOn() throws Exception {
        prepared(TestEngine.BUSYBOX_IMAGE);
        assertThat(run(Duration.ofSeconds(2), new CompletableFuture<>(), "sleep 401 &", "sleep 402"))
                .isEqualTo(new StepResult.TimedOut());
        var stop = new CompletableFuture<Void>();
        CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS)
                .execute(() -> stop.complete(null));
        assertThat(run(Duration.ofMinutes(1), stop, "sleep 403")).isEqualTo(new StepResult.Stopped());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(processes())
                        .doesNotContain("sleep 401")
                        .doesNotContain("sleep 402")
                        .doesNotContain("sleep 403"));
        assertThat(run("echo still here")).isEqualTo(new StepResult.Exited(0));
    }

    @Test
    void theTerminalIsALoginShellInTheContainerWithTheJobsEnvironmentUserAndSizeAndItsSessionDiesWithIt()
            throws Exception {
        executor(
                new ImageRef(TestEngine.BASH_IMAGE, null, "builder", List.of("if-not-present")),
                List.of(),
                options(List.of(), false));
        executor.prepare();
        assertThat(run("echo from-the-script > from-script")).isEqualTo(new StepResult.Exited(0));
        InteractiveTerminal terminal = executor.terminal(Map.of(
                        "GREETING", "hej", "CI_PROJECT_DIR", job.projectDir().toString()))
                .orElseThrow();
        var output = new ByteArrayOutputStream();
        try (TerminalProcess shell = terminal.start(new TerminalSize(100, 30))) {
            read(shell.output(), output);
            shell.input()
                    .write("echo \"[$GREETING] $(id -un) $(pwd) $(cat from-script)\"; stty size\r"
                            .getBytes(StandardCharsets.UTF_8));
            shell.input().flush();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> text(output).contains("[hej] builder /builds/group/project from-the-script")
                            && text(output).contains("30 100"));
            shell.resize(new TerminalSize(120, 40));
            shell.input().write("stty size; sleep 404 &\r".getBytes(StandardCharsets.UTF_8));
            shell.input().flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> text(output).contains("40 120"));
            await().atMost(Duration.ofSeconds(20)).until(() -> processes().contains("sleep 404"));
        }
        // Docker would keep an exec'd shell running without its client: closing killed it and its children.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(processes()).doesNotContain("sleep 404").doesNotContain("bash -l"));
    }

    @Test
    void aShellThatExitsEndsItsTerminalWithItsExitCode() throws Exception {
        prepared(TestEngine.BUSYBOX_IMAGE);
        var output = new ByteArrayOutputStream();
        try (TerminalProcess shell = executor.terminal(Map.of()).orElseThrow().start(TerminalSize.DEFAULT)) {
            read(shell.output(), output);
            shell.input().write("exit 7\r".getBytes(StandardCharsets.UTF_8));
            shell.input().flush();
            assertThat(shell.exited().get(20, java.util.concurrent.TimeUnit.SECONDS))
                    .isEqualTo(7);
        }
    }

    @Test
    void servicesAreReachableByTheirAliasesOnTheJobsNetwork() throws Exception {
        var service = new ServiceSpec(
                new ImageRef(TestEngine.BUSYBOX_IMAGE, null, null, List.of("never")),
                List.of("greeter", "hello-service"),
                List.of("sh", "-c", "while :; do echo \"hello from $SERVICE_WORD\" | nc -l -p 7000; done"),
                Map.of("SERVICE_WORD", "the service"));
        executor(
                new ImageRef(TestEngine.BUSYBOX_IMAGE, null, null, List.of("never")),
                List.of(service),
                options(List.of(), false));
        executor.prepare();
        // The service's listener restarts after each connection: each alias is tried until it answers.
        assertThat(run(
                        "ask() { for i in $(seq 1 50); do out=$(nc \"$1\" 7000 </dev/null || true);"
                                + " if [ -n \"$out\" ]; then echo \"$1: $out\"; return 0; fi; sleep 0.2; done;"
                                + " return 1; }",
                        "ask greeter",
                        "ask hello-service"))
                .isEqualTo(new StepResult.Exited(0));
        assertThat(log()).contains("greeter: hello from the service").contains("hello-service: hello from the service");
        assertThat(jobContainers()).hasSize(2);
        executor.close();
        executor = null;
        assertThat(jobContainers()).isEmpty();
        assertThat(docker.listNetworksCmd()
                        .withFilter("label", List.of(Labels.JOB + "=" + job.jobId()))
                        .exec())
                .isEmpty();
    }

    @Test
    void theJobWaitsForServicesToListenOnTheirExposedPortsAndSaysWhichNeverDid() throws Exception {
        var listening = new ServiceSpec(
                new ImageRef(TestEngine.PORT_IMAGE, null, null, List.of("never")),
                List.of("listens"),
                List.of("sh", "-c", "while :; do echo hi | nc -l -p 7000; done"),
                Map.of());
        var silent = new ServiceSpec(
                new ImageRef(TestEngine.PORT_IMAGE, null, null, List.of("never")),
                List.of("silent"),
                List.of("sleep", "300"),
                Map.of());
        executor(
                new ImageRef(TestEngine.BUSYBOX_IMAGE, null, null, List.of("never")),
                List.of(listening, silent),
                options(List.of(), false));
        executor.prepare();
        assertThat(log())
                .contains("Waiting for services to be up and running (timeout 5 seconds)...")
                .contains("Service " + TestEngine.PORT_IMAGE + " (silent) is probably not running: port 7000/tcp did"
                        + " not accept connections within 5 seconds")
                .doesNotContain("(listens) is probably not running");
    }

    @Test
    void volumesAreCachesUnlessDisabledAndPerJobOnesGoWithTheJob() throws Exception {
        executor(
                new ImageRef(TestEngine.BUSYBOX_IMAGE, null, null, List.of("never")),
                List.of(),
                options(List.of("/scratch", dir.resolve("host-folder") + ":/host-folder"), true));
        Files.createDirectories(dir.resolve("host-folder"));
        executor.prepare();
        assertThat(run("echo kept > /host-folder/file", "touch /scratch/x")).isEqualTo(new StepResult.Exited(0));
        assertThat(dir.resolve("host-folder/file")).hasContent("kept");
        assertThat(docker.listVolumesCmd()
                        .withFilter("label", List.of(Labels.JOB + "=" + job.jobId()))
                        .exec()
                        .getVolumes())
                .hasSize(1);
        executor.close();
        executor = null;
        assertThat(docker.listVolumesCmd()
                        .withFilter("label", List.of(Labels.JOB + "=" + job.jobId()))
                        .exec()
                        .getVolumes())
                .isNullOrEmpty();
    }

    @Test
    void pullPoliciesSayWhichImageAndWhyWhenNoneGivesIt() {
        executor(
                new ImageRef("porthole-test/missing:9", null, null, List.of("never")),
                List.of(),
                options(List.of(), false));
        assertThatThrownBy(executor::prepare)
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("\"porthole-test/missing:9\"")
                .hasMessageContaining("never: the image is not on this machine");
        executor.close();
        executor(
                new ImageRef("porthole-test/missing", null, null, List.of("if-not-present")),
                List.of(),
                options(List.of(), false));
        assertThatThrownBy(executor::prepare)
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("\"porthole-test/missing:latest\"")
                .hasMessageContaining("if-not-present: ");
    }

    @Test
    void aJobWithoutAnImageIsRefused() {
        executor(new ImageRef("", null, null, List.of("never")), List.of(), options(List.of(), false));
        assertThatThrownBy(executor::prepare).hasMessageContaining("names no image");
    }

    @Test
    void leftoversOfARunnerThatDiedAreRemovedByLabel() throws Exception {
        prepared(TestEngine.BUSYBOX_IMAGE);
        assertThat(jobContainers()).hasSize(1);
        // The runner "dies": its executor is never closed.
        executor = null;
        assertThat(DockerLeftovers.removeForRunner(null, RUNNER)).isGreaterThanOrEqualTo(1);
        assertThat(jobContainers()).isEmpty();
    }

    private static void read(InputStream in, ByteArrayOutputStream into) {
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (into) {
                        into.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
