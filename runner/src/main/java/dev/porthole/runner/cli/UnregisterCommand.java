package dev.porthole.runner.cli;

import dev.porthole.protocol.runnerapi.RunnerTokenRequest;
import dev.porthole.runner.client.CoordinatorClient;
import dev.porthole.runner.client.RunnerDescription;
import dev.porthole.runner.config.ConfigException;
import dev.porthole.runner.config.ConfigWriter;
import dev.porthole.runner.config.RunnerEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unregister}: deletes runners on their server and removes them from {@code config.toml}. */
@Command(name = "unregister", mixinStandardHelpOptions = true, description = "Unregister runners.")
final class UnregisterCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @ArgGroup(multiplicity = "1")
    Which which;

    /** Which runners: one by name, one by URL and token, or all. */
    static final class Which {
        @Option(
                names = {"-n", "--name"},
                description = "The runner's name in config.toml")
        String name;

        @Option(
                names = {"-t", "--token"},
                description = "The runner's token")
        String token;

        @Option(names = "--all-runners", description = "Every runner in config.toml")
        boolean all;
    }

    @Override
    public Integer call() throws Exception {
        List<RunnerEntry> runners;
        try {
            runners = config.load().config().runners();
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("ERROR: " + p));
            return 1;
        }
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < runners.size(); i++) {
            RunnerEntry runner = runners.get(i);
            if (which.all || runner.name().equals(which.name) || runner.token().equals(which.token)) {
                chosen.add(i);
            }
        }
        if (chosen.isEmpty()) {
            System.err.println("ERROR: no runner in " + config.path() + " matches");
            return 1;
        }
        List<Integer> removed = new ArrayList<>();
        for (int index : chosen) {
            RunnerEntry runner = runners.get(index);
            var client = new CoordinatorClient(runner.url(), RunnerDescription.userAgent());
            try {
                boolean deleted = client.unregister(new RunnerTokenRequest(runner.token(), null, null));
                System.out.println("Unregistering runner " + runner.name() + " from " + runner.url() + "... "
                        + (deleted ? "succeeded" : "the server did not know it; removing it anyway"));
                removed.add(index);
            } catch (IOException e) {
                System.err.println("ERROR: unregistering runner " + runner.name() + " failed: " + e.getMessage()
                        + "; it stays in " + config.path());
            }
        }
        ConfigWriter.removeRunners(config.path(), removed);
        return removed.size() == chosen.size() ? 0 : 1;
    }
}
