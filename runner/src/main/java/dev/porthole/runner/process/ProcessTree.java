package dev.porthole.runner.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a process and everything it started: SIGTERM to its process group and every descendant, then after a grace
 * period SIGKILL to whatever is left. Processes are started through {@code setsid}, so the group is theirs alone.
 * A terminal's shell leads a session of its own, with a process group per job it starts: {@link #killSession} ends
 * all of them.
 */
public final class ProcessTree {
    private static final int KILL_ROUNDS = 20;
    private static final Duration ROUND_PATIENCE = Duration.ofSeconds(1);

    private ProcessTree() {}

    /**
     * Kills (SIGKILL) every process of the session {@code sessionId}, the {@code known} processes, and all their
     * descendants, in rounds until none is left: a process forked meanwhile is caught in the next round. Known
     * processes are those seen earlier that may have left the session ({@code setsid}) while still descendants.
     * Never touches this JVM or its ancestors.
     */
    public static void killSession(long sessionId, Collection<ProcessHandle> known) throws InterruptedException {
        Set<Long> spared = new LinkedHashSet<>();
        for (ProcessHandle p = ProcessHandle.current();
                p != null;
                p = p.parent().orElse(null)) {
            spared.add(p.pid());
        }
        for (int round = 0; round < KILL_ROUNDS; round++) {
            Set<ProcessHandle> targets = new LinkedHashSet<>();
            ProcessHandle.allProcesses()
                    .filter(p -> sessionOf(p.pid()) == sessionId)
                    .forEach(targets::add);
            known.stream().filter(ProcessTree::running).forEach(targets::add);
            for (ProcessHandle p : new ArrayList<>(targets)) {
                p.descendants().forEach(targets::add);
            }
            targets.removeIf(p -> spared.contains(p.pid()) || !running(p));
            if (targets.isEmpty()) {
                return;
            }
            targets.forEach(ProcessHandle::destroyForcibly);
            try {
                CompletableFuture.allOf(
                                targets.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                        .get(ROUND_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the next round looks again
            }
        }
    }

    /** Alive and not a zombie (a zombie has exited and only waits for its parent to reap it). */
    private static boolean running(ProcessHandle process) {
        return process.isAlive()
                && stat(process.pid()).map(s -> s.state() != 'Z').orElse(false);
    }

    private static long sessionOf(long pid) {
        return stat(pid).filter(s -> s.state() != 'Z').map(Stat::session).orElse(-1L);
    }

    /** The fields of {@code /proc/<pid>/stat} this class needs. */
    private record Stat(char state, long session) {}

    private static Optional<Stat> stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[3])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

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
