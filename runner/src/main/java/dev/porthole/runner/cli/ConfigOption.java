package dev.porthole.runner.cli;

import dev.porthole.runner.config.ConfigException;
import dev.porthole.runner.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config}: where {@code config.toml} is; gitlab-runner's default place when not given. */
final class ConfigOption {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "config.toml to use (default: /etc/gitlab-runner/config.toml as root,"
                    + " ~/.gitlab-runner/config.toml otherwise)")
    Path file;

    Path path() {
        if (file != null) {
            return file;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        return root
                ? Path.of("/etc/gitlab-runner/config.toml")
                : Path.of(System.getProperty("user.home"), ".gitlab-runner", "config.toml");
    }

    /** Loads the file, printing its warnings; a broken file ends the command with its problems. */
    ConfigLoader.Loaded load() throws ConfigException {
        ConfigLoader.Loaded loaded = ConfigLoader.load(path());
        loaded.warnings().forEach(w -> System.err.println("WARNING: " + w));
        return loaded;
    }
}
