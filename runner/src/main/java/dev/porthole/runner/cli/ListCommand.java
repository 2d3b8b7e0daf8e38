package dev.porthole.runner.cli;

import dev.porthole.runner.config.ConfigException;
import dev.porthole.runner.config.RunnerEntry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code list}: the runners in {@code config.toml}, without their tokens. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the configured runners.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        try {
            var loaded = config.load().config();
            System.out.println("Listing configured runners            ConfigFile=" + config.path());
            for (RunnerEntry runner : loaded.runners()) {
                System.out.println(runner.name() + "  Executor=" + runner.executor() + " Token=" + runner.shortToken()
                        + "... URL=" + runner.url());
            }
            return 0;
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("ERROR: " + p));
            return 1;
        }
    }
}
