package dev.porthole.runner.executor.shell;

import dev.porthole.runner.executor.EchoedCommands;
import java.util.List;

/**
 * Writes a step's lines as one bash script the way GitLab's runner runs them: stop at the first failing command
 * (including inside pipes), and print each command in green before it runs.
 */
final class BashScript {
    private BashScript() {}

    static String of(List<String> lines) {
        StringBuilder script = new StringBuilder();
        script.append("set -eo pipefail\n");
        script.append("set +o noclobber\n");
        EchoedCommands.appendTo(script, lines);
        return script.toString();
    }
}
