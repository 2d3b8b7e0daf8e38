package dev.porthole.runner.cli;

import dev.porthole.protocol.runnerapi.RegisterRunnerRequest;
import dev.porthole.protocol.runnerapi.RunnerRegistration;
import dev.porthole.protocol.runnerapi.RunnerTokenRequest;
import dev.porthole.runner.client.CoordinatorClient;
import dev.porthole.runner.client.RunnerDescription;
import dev.porthole.runner.config.ConfigException;
import dev.porthole.runner.config.ConfigLoader;
import dev.porthole.runner.config.ConfigWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code register}: adds a runner to {@code config.toml}. With a runner authentication token ({@code glrt-...},
 * from the server's admin area) it checks the token; with a legacy registration token it registers a new runner.
 */
@Command(name = "register", mixinStandardHelpOptions = true, description = "Register a runner in config.toml.")
final class RegisterCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(
            names = {"-u", "--url"},
            required = true,
            description = "The server's URL, e.g. http://localhost:8080")
    String url;

    @Option(
            names = {"-t", "--token"},
            description = "A runner authentication token (glrt-...)")
    String token;

    @Option(
            names = {"-r", "--registration-token"},
            description = "A legacy registration token")
    String registrationToken;

    @Option(names = "--executor", defaultValue = "shell", description = "Executor: shell (default) or docker")
    String executor;

    @Option(names = "--docker-image", description = "docker executor: the image of jobs that name none")
    String dockerImage;

    @Option(
            names = "--docker-pull-policy",
            split = ",",
            description = "docker executor: never, if-not-present or always (default), several to try in order")
    List<String> dockerPullPolicy;

    @Option(
            names = {"--name", "--description"},
            description = "The runner's name (default: this host's name)")
    String name;

    @Option(names = "--tag-list", description = "Comma-separated tags (legacy registration only)")
    String tagList;

    @Option(names = "--run-untagged", description = "Also run untagged jobs (legacy registration only)")
    Boolean runUntagged;

    @Option(names = "--builds-dir", description = "Where jobs check out their sources")
    Path buildsDir;

    @Option(names = "--concurrent", defaultValue = "1", description = "concurrent = N in a new config.toml")
    int concurrent;

    @Option(names = "--non-interactive", description = "Accepted for gitlab-runner compatibility; never prompts")
    boolean nonInteractive;

    @Override
    public Integer call() throws Exception {
        if ((token == null) == (registrationToken == null)) {
            System.err.println("ERROR: give either --token (glrt-...) or --registration-token");
            return 2;
        }
        if (!executor.equals("shell") && !executor.equals("docker")) {
            System.err.println(
                    "ERROR: executor \"" + executor + "\" is not supported; use --executor shell or --executor docker");
            return 2;
        }
        if (executor.equals("docker") && (dockerImage == null || dockerImage.isBlank())) {
            System.err.println("ERROR: the docker executor needs --docker-image, the image of jobs that name none");
            return 2;
        }
        if (dockerPullPolicy != null) {
            for (String policy : dockerPullPolicy) {
                if (!List.of("never", "if-not-present", "always").contains(policy)) {
                    System.err.println("ERROR: --docker-pull-policy \"" + policy
                            + "\" is not one of never, if-not-present, always");
                    return 2;
                }
            }
        }
        Path file = config.path();
        if (Files.exists(file)) {
            try {
                ConfigLoader.load(file);
            } catch (ConfigException e) {
                System.err.println("ERROR: " + file + " has problems; fix them before adding a runner:");
                e.problems().forEach(p -> System.err.println("  " + p));
                return 1;
            }
        }
        String runnerName = name != null ? name : hostName();
        var client = new CoordinatorClient(url, RunnerDescription.userAgent());
        var info = RunnerDescription.forExecutor(executor);
        Optional<RunnerRegistration> registration;
        if (token != null) {
            registration = client.verify(new RunnerTokenRequest(token, null, info));
            if (registration.isEmpty()) {
                System.err.println("ERROR: " + url + " does not know this runner token; create a runner in its admin"
                        + " area and copy the token it shows");
                return 1;
            }
        } else {
            registration = client.register(new RegisterRunnerRequest(
                    registrationToken, runnerName, tagList, runUntagged, false, false, null, null, null, info));
            if (registration.isEmpty()) {
                System.err.println("ERROR: " + url + " refused the registration token");
                return 1;
            }
        }
        RunnerRegistration runner = registration.get();
        ConfigWriter.appendRunner(
                file,
                new ConfigWriter.NewRunner(
                        runnerName,
                        url,
                        runner.id(),
                        token != null ? token : runner.token(),
                        executor,
                        buildsDir,
                        dockerImage,
                        dockerPullPolicy == null ? List.of() : dockerPullPolicy),
                concurrent);
        System.out.println("Runner registered successfully. Runner " + runnerName + " (id " + runner.id() + ") is in "
                + file.toAbsolutePath() + "; start it with: porthole runner run --config " + file);
        return 0;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "porthole-runner";
        }
    }
}
