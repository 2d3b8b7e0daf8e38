package dev.porthole.runner.cli;

import dev.porthole.runner.client.RunnerDescription;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code porthole runner <command>}: the commands of gitlab-runner that Porthole's runner has. */
@Command(
        name = "porthole runner",
        mixinStandardHelpOptions = true,
        versionProvider = RunnerMain.Version.class,
        description = "Takes jobs from a Porthole (or GitLab) server and runs them.",
        subcommands = {
            RegisterCommand.class,
            RunCommand.class,
            VerifyCommand.class,
            UnregisterCommand.class,
            ListCommand.class
        })
public final class RunnerMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RunnerMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version picocli prints for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {RunnerDescription.NAME + " " + RunnerDescription.VERSION};
        }
    }
}
