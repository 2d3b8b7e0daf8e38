package dev.porthole.bench;

import dev.porthole.e2e.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the JDK's {@code jcmd} against a JVM of the benchmark (the server, the runner, or this one). */
final class Jcmd {
    private Jcmd() {}

    /** The command's output; fails when jcmd fails or takes over a minute. */
    static String run(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(Processes.java()).resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
