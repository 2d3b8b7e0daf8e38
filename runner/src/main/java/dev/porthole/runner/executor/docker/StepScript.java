package dev.porthole.runner.executor.docker;

import dev.porthole.runner.executor.EchoedCommands;
import java.util.List;

/**
 * A step's lines as one script for the container's shell, bash or a POSIX sh: stop at the first failing command
 * (inside pipes too where the shell knows {@code pipefail}), print each command in green before it runs, and first
 * leave the shell's pid where a stop can find it.
 */
final class StepScript {
    private StepScript() {}

    static String of(List<String> lines, String pidFile) {
        StringBuilder script = new StringBuilder();
        script.append("echo $$ > ").append(EchoedCommands.quoted(pidFile)).append('\n');
        script.append("set -e\n");
        script.append("if (set -o pipefail) 2>/dev/null; then set -o pipefail; fi\n");
        script.append("set +o noclobber\n");
        EchoedCommands.appendTo(script, lines);
        return script.toString();
    }
}
