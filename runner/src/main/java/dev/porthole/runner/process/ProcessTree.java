package dev.porthole.runner.process;

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
import java.util.function.Predicate;

/**
 * Ends a process and everything it started: SIGTERM to its process group and every descendant, then after a grace
 * period SIGKILL to whatever is left. Processes are started through {@code setsid}, so the group is theirs alone.
 * A terminal's shell leads a session of its own, with a process group per job it starts: {@link #killSession} ends
 * all of them. Who belongs to a group, a session or a tree comes from a shared reading of the process table
 * ({@link ProcessTable#fresh}), so that ending many jobs at once does not read it once per job.
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
        killInRounds(e -> e.session() == sessionId, known);
    }

    /** The running descendants of {@code pid} now, as handles that stay true to their process. */
    public static List<ProcessHandle> descendants(long pid) {
        return handles(ProcessTable.fresh().descendants(pid));
    }

    public static void kill(Process process, Duration grace) throws InterruptedException {
        ProcessHandle root = process.toHandle();
        long group = root.pid();
        // Seen before any signal, while they are still descendants: even one that left the group is found.
        ProcessTable table = ProcessTable.fresh();
        Set<Long> seen = new LinkedHashSet<>(table.descendants(group));
        seen.addAll(table.matching(e -> e.group() == group));
        List<ProcessHandle> tree = handles(seen);
        tree.forEach(ProcessHandle::destroy);
        root.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)
                || tree.stream().anyMatch(ProcessHandle::isAlive)) {
            List<ProcessHandle> known = new ArrayList<>(tree);
            known.add(root);
            killInRounds(e -> e.group() == group, known);
            process.waitFor();
            return; // the rounds ended the group: nothing is left over
        }
        killLeftovers(process);
    }

    /**
     * Kills what is left of an exited process's group: children whose parent already exited were re-parented, out
     * of reach of its descendants, but stay in the group.
     */
    public static void killLeftovers(Process exited) throws InterruptedException {
        long group = exited.pid();
        killInRounds(e -> e.group() == group, List.of());
    }

    private static void killInRounds(Predicate<ProcessTable.Entry> member, Collection<ProcessHandle> known)
            throws InterruptedException {
        Set<Long> spared = new LinkedHashSet<>();
        for (ProcessHandle p = ProcessHandle.current();
                p != null;
                p = p.parent().orElse(null)) {
            spared.add(p.pid());
        }
        for (int round = 0; round < KILL_ROUNDS; round++) {
            ProcessTable table = ProcessTable.fresh();
            Set<Long> pids = table.matching(member);
            known.stream().filter(p -> p.isAlive() && table.running(p.pid())).forEach(p -> pids.add(p.pid()));
            for (long pid : List.copyOf(pids)) {
                pids.addAll(table.descendants(pid));
            }
            pids.removeAll(spared);
            List<ProcessHandle> targets = handles(pids);
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

    private static List<ProcessHandle> handles(Collection<Long> pids) {
        return pids.stream()
                .map(ProcessHandle::of)
                .flatMap(Optional::stream)
                .filter(ProcessHandle::isAlive)
                .toList();
    }
}
