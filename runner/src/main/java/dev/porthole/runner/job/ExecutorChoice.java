package dev.porthole.runner.job;

import dev.porthole.protocol.runnerapi.JobImage;
import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.protocol.runnerapi.JobService;
import dev.porthole.runner.config.DockerSettings;
import dev.porthole.runner.executor.Executor;
import dev.porthole.runner.executor.docker.ContainerOptions;
import dev.porthole.runner.executor.docker.DockerExecutor;
import dev.porthole.runner.executor.docker.DockerJob;
import dev.porthole.runner.executor.docker.ImageRef;
import dev.porthole.runner.executor.docker.ServiceSpec;
import dev.porthole.runner.executor.shell.ShellExecutor;
import dev.porthole.runner.trace.JobTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The executor a runner entry names, given what it needs from the job and the configuration. */
final class ExecutorChoice {
    /** Where the docker executor mounts the job's folder: GitLab's {@code /builds}. */
    static final String CONTAINER_BUILDS_DIR = "/builds";

    private ExecutorChoice() {}

    /**
     * @param hostRoot the job's folder on this machine, holding {@code projectDir} and {@code tmpDir}
     * @param variables the job's variables, which services also get
     */
    static Executor of(
            JobSetup setup,
            JobPayload job,
            Path hostRoot,
            Path projectDir,
            Path tmpDir,
            Map<String, String> variables,
            JobTrace trace) {
        if (!"docker".equals(setup.entry().executor())) {
            return new ShellExecutor(projectDir, tmpDir, trace);
        }
        DockerSettings settings = setup.entry().docker();
        return new DockerExecutor(
                new DockerJob(
                        job.id(),
                        setup.entry().shortToken(),
                        image(job.image(), settings),
                        services(job.services(), settings, variables),
                        new ContainerOptions(
                                settings.host(),
                                settings.volumes(),
                                settings.privileged(),
                                settings.networkMode(),
                                settings.user(),
                                settings.nanoCpus(),
                                settings.memoryBytes(),
                                settings.shmSizeBytes(),
                                settings.extraHosts(),
                                settings.disableCache(),
                                settings.waitForServicesTimeout()),
                        hostRoot,
                        CONTAINER_BUILDS_DIR,
                        projectDir),
                tmpDir,
                trace);
    }

    /** The job's image, or the runner's default; null when neither names one. */
    static ImageRef image(JobImage image, DockerSettings settings) {
        if (image == null || image.name() == null || image.name().isBlank()) {
            return settings.image() == null ? null : new ImageRef(settings.image(), null, null, settings.pullPolicy());
        }
        String user = image.executorOpts() != null && image.executorOpts().docker() != null
                ? image.executorOpts().docker().user()
                : null;
        return new ImageRef(image.name(), image.entrypoint(), user, pullPolicy(image.pullPolicy(), settings));
    }

    private static List<String> pullPolicy(List<String> job, DockerSettings settings) {
        return job == null || job.isEmpty() ? settings.pullPolicy() : job;
    }

    private static List<ServiceSpec> services(
            List<JobService> services, DockerSettings settings, Map<String, String> variables) {
        List<ServiceSpec> specs = new ArrayList<>();
        for (JobService service : services) {
            String user =
                    service.executorOpts() != null && service.executorOpts().docker() != null
                            ? service.executorOpts().docker().user()
                            : null;
            Map<String, String> env = new LinkedHashMap<>(variables);
            if (service.variables() != null) {
                service.variables().forEach(v -> env.put(v.key(), v.value() == null ? "" : v.value()));
            }
            specs.add(new ServiceSpec(
                    new ImageRef(
                            service.name(), service.entrypoint(), user, pullPolicy(service.pullPolicy(), settings)),
                    aliases(service),
                    service.command(),
                    env));
        }
        return specs;
    }

    /** GitLab's aliases: the given ones (comma or space separated), else the image name made a host name. */
    private static List<String> aliases(JobService service) {
        List<String> aliases = new ArrayList<>();
        if (service.alias() != null && !service.alias().isBlank()) {
            aliases.addAll(Arrays.stream(service.alias().split("[,\\s]+"))
                    .filter(a -> !a.isBlank())
                    .toList());
        }
        if (aliases.isEmpty()) {
            String name = service.name();
            int colon = name.lastIndexOf(':');
            if (colon > name.lastIndexOf('/')) {
                name = name.substring(0, colon);
            }
            aliases.add(name.replace("/", "__"));
            if (name.contains("/")) {
                aliases.add(name.replace('/', '-'));
            }
        }
        return aliases;
    }
}
