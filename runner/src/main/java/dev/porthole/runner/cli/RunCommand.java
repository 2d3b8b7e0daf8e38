package dev.porthole.runner.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.porthole.runner.config.ConfigException;
import dev.porthole.runner.config.RunnerConfig;
import dev.porthole.runner.polling.RunnerProcess;
import dev.porthole.runner.session.SessionServerException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: takes and runs jobs until stopped (SIGTERM or SIGINT: running jobs get time to finish). */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run jobs until stopped.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(
            names = {"-d", "--working-directory"},
            description = "Where builds go when builds_dir is not set (default: the current directory)")
    Path workingDirectory;

    @Override
    public Integer call() throws Exception {
        RunnerConfig loaded;
        try {
            loaded = config.load().config();
        } catch (ConfigException e) {
            System.err.println("ERROR: cannot start; " + config.path() + " has problems:");
            e.problems().forEach(p -> System.err.println("  " + p));
            return 1;
        }
        setLogLevel(loaded.logLevel());
        Path workDir = (workingDirectory != null ? workingDirectory : Path.of("")).toAbsolutePath();
        try {
            new RunnerProcess(loaded, workDir).runUntilStopped();
        } catch (SessionServerException e) {
            System.err.println("ERROR: cannot start the session server for terminals: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static void setLogLevel(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Level logback = switch (level) {
                case "debug" -> Level.DEBUG;
                case "warn", "warning" -> Level.WARN;
                case "error", "fatal", "panic" -> Level.ERROR;
                default -> Level.INFO;
            };
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(logback);
        }
    }
}
