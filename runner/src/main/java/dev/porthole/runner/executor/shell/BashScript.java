package dev.porthole.runner.executor.shell;

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
        for (String line : lines) {
            String shown = shown(line);
            script.append("printf '\\033[32;1m$ %s\\033[0;m\\n' ")
                    .append(singleQuoted(shown))
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

    /** A bash single-quoted word: nothing inside is special but the quote itself. */
    static String singleQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
