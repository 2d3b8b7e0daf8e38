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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code verify}: checks that the server still knows each configured runner; {@code --delete} removes those it does not. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Check that the runners are still registered.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--delete", description = "Remove runners the server no longer knows from config.toml")
    boolean delete;

    @Override
    public Integer call() throws Exception {
        List<RunnerEntry> runners;
        try {
            runners = config.load().config().runners();
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("ERROR: " + p));
            return 1;
        }
        List<Integer> invalid = new ArrayList<>();
        boolean unreachable = false;
        for (int i = 0; i < runners.size(); i++) {
            RunnerEntry runner = runners.get(i);
            var client = new CoordinatorClient(runner.url(), RunnerDescription.userAgent());
            try {
                boolean valid = client.verify(new RunnerTokenRequest(
                                runner.token(), null, RunnerDescription.forExecutor(runner.executor())))
                        .isPresent();
                System.out.println("Verifying runner... " + runner.name() + " (" + runner.shortToken() + ") "
                        + (valid ? "is valid" : "is not valid" + (delete ? ", removed" : "")));
                if (!valid) {
                    invalid.add(i);
                }
            } catch (IOException e) {
                unreachable = true;
                System.err.println("ERROR: verifying runner " + runner.name() + " failed: " + e.getMessage());
            }
        }
        if (delete && !invalid.isEmpty()) {
            ConfigWriter.removeRunners(config.path(), invalid);
        }
        return unreachable || (!delete && !invalid.isEmpty()) ? 1 : 0;
    }
}
