package dev.porthole.runner.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One reading of the machine's process table ({@code /proc}): each process's parent, group, session and state.
 * Reading it costs a file per process, so callers who need one at the same moment share it ({@link #fresh}): a
 * runner stopping a thousand jobs at once reads the table a few times instead of a thousand (the JDK's
 * {@code ProcessHandle.descendants()} reads all of it on every call).
 */
final class ProcessTable {
    /** One process: the fields of {@code /proc/<pid>/stat} that killing a tree needs. */
    record Entry(long pid, long parent, long group, long session, char state) {
        /** Exited, and only waiting for its parent to reap it: nothing to kill. */
        boolean zombie() {
            return state == 'Z';
        }
    }

    private static final Path PROC = Path.of("/proc");
    private static final ReentrantLock READING = new ReentrantLock();
    /** The reading that has not begun yet: whoever asks now is served by it. */
    private static final AtomicReference<CompletableFuture<ProcessTable>> NEXT =
            new AtomicReference<>(new CompletableFuture<>());

    private static final AtomicLong READINGS = new AtomicLong();

    private final Map<Long, Entry> entries;
    private final Map<Long, List<Long>> children = new HashMap<>();

    ProcessTable(Map<Long, Entry> entries) {
        this.entries = Map.copyOf(entries);
        entries.values()
                .forEach(e -> children.computeIfAbsent(e.parent(), p -> new ArrayList<>())
                        .add(e.pid()));
    }

    /**
     * A reading begun after this call, shared with everyone who asked while it had not begun; at most one reading
     * runs at a time.
     */
    static ProcessTable fresh() {
        CompletableFuture<ProcessTable> mine = NEXT.get();
        READING.lock();
        try {
            if (!mine.isDone()) {
                // Whoever took this future did so before the swap, so before the reading below begins.
                NEXT.set(new CompletableFuture<>());
                try {
                    mine.complete(read());
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                }
            }
        } finally {
            READING.unlock();
        }
        return mine.join();
    }

    /** Reads the table now. */
    static ProcessTable read() {
        READINGS.incrementAndGet();
        Map<Long, Entry> entries = new HashMap<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path dir : pids) {
                Entry entry = entry(dir);
                if (entry != null) {
                    entries.put(entry.pid(), entry);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the process table in /proc: " + e.getMessage(), e);
        }
        return new ProcessTable(entries);
    }

    /** How many times this process has read the table. */
    static long readings() {
        return READINGS.get();
    }

    private static Entry entry(Path dir) {
        try {
            String line = Files.readString(dir.resolve("stat"));
            // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ", 5);
            return new Entry(
                    Long.parseLong(dir.getFileName().toString()),
                    Long.parseLong(fields[1]),
                    Long.parseLong(fields[2]),
                    Long.parseLong(fields[3]),
                    fields[0].charAt(0));
        } catch (IOException | RuntimeException e) {
            return null; // it exited while the table was read
        }
    }

    /** The process, unless it is gone or a zombie. */
    boolean running(long pid) {
        Entry entry = entries.get(pid);
        return entry != null && !entry.zombie();
    }

    /** Running processes that match. */
    Set<Long> matching(Predicate<Entry> test) {
        Set<Long> found = new LinkedHashSet<>();
        entries.values().stream().filter(e -> !e.zombie() && test.test(e)).forEach(e -> found.add(e.pid()));
        return found;
    }

    /** Every running descendant of {@code pid}, as far down as the table shows. */
    Set<Long> descendants(long pid) {
        Set<Long> found = new LinkedHashSet<>();
        Deque<Long> next = new ArrayDeque<>(children.getOrDefault(pid, List.of()));
        while (!next.isEmpty()) {
            long child = next.poll();
            if (found.add(child)) {
                next.addAll(children.getOrDefault(child, List.of()));
            }
        }
        found.removeIf(p -> !running(p));
        return found;
    }
}
