package dev.porthole.runner.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Volume;
import dev.porthole.runner.executor.Executor;
import dev.porthole.runner.executor.ExecutorException;
import dev.porthole.runner.executor.ScriptStep;
import dev.porthole.runner.executor.StepResult;
import dev.porthole.runner.terminal.InteractiveTerminal;
import dev.porthole.runner.trace.JobTrace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job in one container of its image. The container runs an idle process for the whole job; each step runs
 * in it through {@code docker exec} with the job's variables, in {@code CI_PROJECT_DIR}, so that the terminal (another
 * exec) finds the same container after the script. The sources are fetched by the runner on its own machine and
 * bind-mounted into the container (see docs/docker-executor.md for why). Services run on a network of the job's.
 * Everything created carries the job's labels and is removed at {@link #close()}.
 */
public final class DockerExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(DockerExecutor.class);

    /** Keeps the container up between steps; any POSIX sh runs it. */
    private static final String IDLE = "while :; do sleep 3600; done";

    /** GitLab's order: bash where there is one, else sh. */
    private static final String DETECT_SHELL = """
            for s in /usr/local/bin/bash /usr/bin/bash /bin/bash /usr/local/bin/sh /usr/bin/sh /bin/sh /busybox/sh; do
              if [ -x "$s" ]; then echo "$s"; exit 0; fi
            done
            exit 1
            """;

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);

    private final DockerJob job;
    private final Path scriptDir;
    private final JobTrace trace;
    private DockerClient docker;
    private ContainerExec exec;
    private String shell;
    /** {@code uid:gid} of the container's user when not root: the sources are handed to it before the first step. */
    private String owner;

    private int steps;

    /**
     * @param scriptDir the job's private folder for file variables, under {@link DockerJob#hostRoot()}, removed at
     *     {@link #close()}
     */
    public DockerExecutor(DockerJob job, Path scriptDir, JobTrace trace) {
        this.job = job;
        this.scriptDir = scriptDir;
        this.trace = trace;
    }

    @Override
    public void prepare() throws ExecutorException {
        try {
            prepareContainers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorException("interrupted while preparing the job's containers", e);
        } catch (DockerException | DockerClientException e) {
            throw new ExecutorException("Docker: " + ImagePuller.reason(e), e);
        }
    }

    private void prepareContainers() throws ExecutorException, InterruptedException {
        if (job.image() == null
                || job.image().name() == null
                || job.image().name().isBlank()) {
            throw new ExecutorException(
                    "the job names no image and [runners.docker] image is not set: set one of" + " them");
        }
        try {
            Files.createDirectories(job.projectDir());
            Files.createDirectories(scriptDir);
            Files.setPosixFilePermissions(scriptDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new ExecutorException(
                    "cannot create the build directory " + job.projectDir() + ": " + e.getMessage(), e);
        }
        trace.line("Using Docker executor with image " + job.image().reference() + " ...");
        docker = DockerEngine.connect(job.options().host());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new ExecutorException(
                    "cannot reach the Docker engine at "
                            + DockerEngine.describe(job.options().host()) + ": " + ImagePuller.reason(e),
                    e);
        }
        var puller = new ImagePuller(docker, trace);
        puller.obtain(job.image());
        String network = job.options().networkMode();
        if (!job.services().isEmpty()) {
            if (network == null) {
                network = job.namePrefix() + "-network";
                docker.createNetworkCmd()
                        .withName(network)
                        .withDriver("bridge")
                        .withLabels(job.labels())
                        .exec();
            }
            startServices(puller, network);
        }
        String containerId = createBuildContainer(network);
        exec = new ContainerExec(docker, containerId);
        try {
            var detected = exec.run(List.of("sh", "-c", DETECT_SHELL), null, Duration.ofSeconds(30));
            if (detected.code() != 0 || detected.output().isBlank()) {
                throw new ExecutorException("the image " + job.image().reference() + " has no shell (bash or sh)");
            }
            shell = detected.output().strip();
            var ids = exec.run(List.of(shell, "-c", "echo \"$(id -u):$(id -g)\""), null, Duration.ofSeconds(30));
            String uidGid = ids.output().strip();
            if (ids.code() == 0 && uidGid.matches("\\d+:\\d+") && !uidGid.startsWith("0:")) {
                owner = uidGid;
            }
        } catch (IOException e) {
            throw new ExecutorException(
                    "cannot run a shell in the image " + job.image().reference() + ": " + e.getMessage(), e);
        }
        LOG.debug("job {}: container {} runs {}", job.jobId(), containerId, shell);
    }

    private void startServices(ImagePuller puller, String network) throws ExecutorException, InterruptedException {
        record Started(ServiceSpec spec, String containerId, List<Integer> ports) {}
        List<Started> started = new ArrayList<>();
        int index = 0;
        for (ServiceSpec service : job.services()) {
            index++;
            trace.line("Starting service " + service.image().reference() + " ...");
            InspectImageResponse image = puller.obtain(service.image());
            var create = docker.createContainerCmd(service.image().reference())
                    .withName(job.namePrefix() + "-service-" + index)
                    .withLabels(job.labels())
                    .withEnv(environment(service.variables()))
                    .withAliases(service.aliases())
                    .withHostConfig(HostConfig.newHostConfig()
                            .withNetworkMode(network)
                            .withPrivileged(job.options().privileged())
                            .withExtraHosts(job.options().extraHosts().toArray(String[]::new)));
            if (service.command() != null) {
                create.withCmd(service.command());
            }
            if (service.image().entrypoint() != null) {
                create.withEntrypoint(entrypoint(service.image().entrypoint()));
            }
            if (service.image().user() != null) {
                create.withUser(service.image().user());
            }
            String id = create.exec().getId();
            docker.startContainerCmd(id).exec();
            List<Integer> ports = new ArrayList<>();
            ExposedPort[] exposed =
                    image.getConfig() == null ? null : image.getConfig().getExposedPorts();
            if (exposed != null) {
                for (ExposedPort port : exposed) {
                    if (port.getProtocol() == InternetProtocol.TCP) {
                        ports.add(port.getPort());
                    }
                }
            }
            started.add(new Started(service, id, ports));
        }
        Duration wait = job.options().waitForServices();
        if (wait.isZero()
                || wait.isNegative()
                || started.stream().allMatch(s -> s.ports().isEmpty())) {
            return;
        }
        trace.line("Waiting for services to be up and running (timeout " + wait.toSeconds() + " seconds)...");
        long deadline = System.nanoTime() + wait.toNanos();
        for (Started service : started) {
            var networks = docker.inspectContainerCmd(service.containerId())
                    .exec()
                    .getNetworkSettings()
                    .getNetworks();
            var endpoint = networks == null ? null : networks.get(network);
            String address = endpoint == null ? null : endpoint.getIpAddress();
            for (int port : service.ports()) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (address == null || address.isBlank() || !ServiceHealth.awaitListening(address, port, left)) {
                    trace.warning("Service " + service.spec().image().reference() + " ("
                            + String.join(", ", service.spec().aliases()) + ") is probably not running: port " + port
                            + "/tcp did not accept connections within " + wait.toSeconds() + " seconds");
                }
            }
        }
    }

    private String createBuildContainer(String network) throws ExecutorException {
        ContainerOptions options = job.options();
        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(job.hostRoot().toString(), new Volume(job.containerRoot())));
        int index = 0;
        for (String volume : options.volumes()) {
            index++;
            if (volume.indexOf(':') < 0) {
                binds.add(new Bind(volumeFor(volume, index), new Volume(volume)));
            } else {
                binds.add(Bind.parse(volume));
            }
        }
        Map<String, String> tmpfs = new LinkedHashMap<>();
        tmpfs.put(ContainerExec.PID_DIR, "mode=1777");
        HostConfig host = HostConfig.newHostConfig()
                .withBinds(binds)
                .withPrivileged(options.privileged())
                .withInit(true)
                .withTmpFs(tmpfs)
                .withExtraHosts(options.extraHosts().toArray(String[]::new));
        if (network != null) {
            host.withNetworkMode(network);
        }
        if (options.nanoCpus() != null) {
            host.withNanoCPUs(options.nanoCpus());
        }
        if (options.memoryBytes() != null) {
            host.withMemory(options.memoryBytes());
        }
        if (options.shmSizeBytes() != null) {
            host.withShmSize(options.shmSizeBytes());
        }
        var create = docker.createContainerCmd(job.image().reference())
                .withName(job.namePrefix() + "-build")
                .withLabels(job.labels())
                .withCmd("sh", "-c", IDLE)
                .withWorkingDir(job.inContainer(job.projectDir()))
                .withHostConfig(host);
        if (job.image().entrypoint() != null) {
            create.withEntrypoint(entrypoint(job.image().entrypoint()));
        }
        String user = job.image().user() != null ? job.image().user() : options.user();
        if (user != null) {
            create.withUser(user);
        }
        String id = create.exec().getId();
        docker.startContainerCmd(id).exec();
        var state = docker.inspectContainerCmd(id).exec().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            throw new ExecutorException("the job's container (" + job.image().reference()
                    + ") stopped at once with exit"
                    + " code " + state.getExitCodeLong() + ": the image needs sh, and an entrypoint that runs its"
                    + " command (clear one that does not with image: entrypoint: [\"\"])");
        }
        return id;
    }

    /**
     * A {@code /path} volume: a cache shared by this runner's jobs, or with {@code disable_cache} one of this job's
     * own.
     */
    private String volumeFor(String path, int index) {
        if (job.options().disableCache()) {
            String name = job.namePrefix() + "-volume-" + index;
            docker.createVolumeCmd().withName(name).withLabels(job.labels()).exec();
            return name;
        }
        String name = "porthole-cache-" + job.runner().replaceAll("[^a-zA-Z0-9_.-]", "_") + "-" + digest(path);
        docker.createVolumeCmd()
                .withName(name)
                .withLabels(Map.of(Labels.MANAGED, "true", Labels.RUNNER, job.runner(), Labels.CACHE, path))
                .exec();
        return name;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Docker clears an image's entrypoint only when given {@code [""]}; an empty list would keep it. */
    private static List<String> entrypoint(List<String> entrypoint) {
        return entrypoint.isEmpty() ? List.of("") : entrypoint;
    }

    @Override
    public StepResult run(ScriptStep step) throws ExecutorException, InterruptedException {
        handOverSources();
        String pidFile = ContainerExec.PID_DIR + "/step-" + ++steps + ".pid";
        String execId;
        ContainerExec.Stream stream;
        try {
            execId = docker.execCreateCmd(exec.containerId())
                    .withCmd(shell, "-c", StepScript.of(step.lines(), pidFile))
                    .withEnv(environment(step.environment()))
                    .withWorkingDir(job.inContainer(job.projectDir()))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec()
                    .getId();
            stream = exec.start(execId, trace::write);
        } catch (DockerException | DockerClientException e) {
            throw new ExecutorException(
                    "cannot run step " + step.name() + " in the job's container: " + ImagePuller.reason(e), e);
        }
        try {
            CompletableFuture.anyOf(stream.done(), step.stop())
                    .get(step.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill(stream, pidFile);
            return new StepResult.TimedOut();
        } catch (ExecutionException e) {
            if (stream.done().isCompletedExceptionally()) {
                stream.close();
                throw new ExecutorException(
                        "the step's exec in the job's container failed: "
                                + e.getCause().getMessage(),
                        e.getCause());
            }
        }
        if (!stream.done().isDone()) {
            kill(stream, pidFile);
            return new StepResult.Stopped();
        }
        stream.close();
        return new StepResult.Exited(exec.exitCode(execId));
    }

    /**
     * The runner fetched the sources as its own user; a job whose image runs as another user gets them (and its file
     * variables) as its own before its first step, as it would have had it cloned them itself.
     */
    private void handOverSources() throws ExecutorException, InterruptedException {
        if (owner == null) {
            return;
        }
        String uidGid = owner;
        owner = null;
        try {
            var result = exec.run(
                    List.of(
                            shell,
                            "-c",
                            "chown -R \"$0\" \"$1\" \"$2\"",
                            uidGid,
                            job.inContainer(job.projectDir()),
                            job.inContainer(scriptDir)),
                    "0",
                    Duration.ofMinutes(5));
            if (result.code() != 0) {
                trace.warning("could not give the sources to the image's user " + uidGid + ": "
                        + result.output().strip());
            }
        } catch (IOException e) {
            throw new ExecutorException("cannot give the sources to the image's user: " + e.getMessage(), e);
        }
    }

    private void kill(ContainerExec.Stream stream, String pidFile) throws InterruptedException {
        exec.killSession(shell, pidFile);
        try {
            stream.done().get(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("job {}: a stopped step's output did not end", job.jobId());
        } finally {
            stream.close();
        }
    }

    /**
     * The job's variables as {@code KEY=value} entries, paths on the runner's machine turned into the container's:
     * {@code CI_PROJECT_DIR}, {@code CI_BUILDS_DIR} and file variables.
     */
    private List<String> environment(Map<String, String> variables) {
        String hostRoot = job.hostRoot().toString();
        Map<String, String> inside = new LinkedHashMap<>();
        variables.forEach((key, value) -> inside.put(
                key,
                value.equals(hostRoot) || value.startsWith(hostRoot + "/")
                        ? job.containerRoot() + value.substring(hostRoot.length())
                        : value));
        inside.put("CI_BUILDS_DIR", job.containerRoot());
        return keyValues(inside);
    }

    private static List<String> keyValues(Map<String, String> variables) {
        return variables.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
    }

    @Override
    public Optional<InteractiveTerminal> terminal(Map<String, String> environment) {
        if (exec == null) {
            return Optional.empty();
        }
        List<String> env = new ArrayList<>(environment(environment));
        env.add("TERM=xterm-256color");
        return Optional.of(new ContainerTerminal(exec, shell, null, job.inContainer(job.projectDir()), env));
    }

    @Override
    public void close() {
        if (docker != null) {
            try {
                DockerLeftovers.remove(docker, job.labels());
            } catch (RuntimeException e) {
                LOG.warn("job {}: could not remove its containers: {}", job.jobId(), ImagePuller.reason(e));
            }
            try {
                docker.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
        if (!Files.exists(scriptDir)) {
            return;
        }
        try (var files = Files.walk(scriptDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the job's temporary files in {}: {}", scriptDir, e.getMessage());
        }
    }
}
