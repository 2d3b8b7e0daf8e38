package dev.porthole.runner.executor;

import java.util.List;

/**
 * A step's commands as every executor's script writes them: each printed in green before it runs, as GitLab's job
 * logs show them, so that a log reads the same whichever executor ran the job.
 */
public final class EchoedCommands {
    private EchoedCommands() {}

    public static void appendTo(StringBuilder script, List<String> lines) {
        for (String line : lines) {
            script.append("printf '\\033[32;1m$ %s\\033[0;m\\n' ")
                    .append(quoted(shown(line)))
                    .append('\n');
            script.append(line).append('\n');
        }
    }

    private static String shown(String line) {
        String stripped = line.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline) + " # collapsed multi-line command";
    }

    /** A single-quoted shell word (bash or POSIX sh): nothing inside is special but the quote itself. */
    public static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
