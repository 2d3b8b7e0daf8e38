package dev.porthole.runner.executor.docker;

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
        script.append("echo $$ > ").append(quoted(pidFile)).append('\n');
        script.append("set -e\n");
        script.append("if (set -o pipefail) 2>/dev/null; then set -o pipefail; fi\n");
        script.append("set +o noclobber\n");
        for (String line : lines) {
            script.append("printf '\\033[32;1m$ %s\\033[0;m\\n' ")
                    .append(quoted(shown(line)))
                    .append('\n');
            script.append(line).append('\n');
        }
        return script.toString();
    }

    private static String shown(String line) {
        String stripped = line.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline) + " # collapsed multi-line command";
    }

    /** A single-quoted shell word: nothing inside is special but the quote itself. */
    static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
