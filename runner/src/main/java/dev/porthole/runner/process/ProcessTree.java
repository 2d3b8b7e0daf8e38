package dev.porthole.runner.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ends a process and everything it started: SIGTERM to its process group and every descendant, then after a grace
 * period SIGKILL to whatever is left. Processes are started through {@code setsid}, so the group is theirs alone.
 */
public final class ProcessTree {
    private ProcessTree() {}

    public static void kill(Process process, Duration grace) throws InterruptedException {
        ProcessHandle root = process.toHandle();
        List<ProcessHandle> tree = root.descendants().toList();
        signalGroup(root.pid(), "TERM");
        tree.forEach(ProcessHandle::destroy);
        root.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)
                || tree.stream().anyMatch(ProcessHandle::isAlive)) {
            List<ProcessHandle> left = root.descendants().toList();
            signalGroup(root.pid(), "KILL");
            tree.forEach(ProcessHandle::destroyForcibly);
            left.forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
            process.waitFor();
        }
        killLeftovers(process);
    }

    /**
     * Kills what is left of an exited process's group: children whose parent already exited were re-parented, out
     * of reach of {@code descendants()}, but stay in the group.
     */
    public static void killLeftovers(Process exited) throws InterruptedException {
        signalGroup(exited.pid(), "KILL");
    }

    private static void signalGroup(long pgid, String signal) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1) on this machine: the per-process signals above still apply
        }
    }
}
