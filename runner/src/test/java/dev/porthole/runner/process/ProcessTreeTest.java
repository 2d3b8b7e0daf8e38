package dev.porthole.runner.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real process trees: what a stop, a timeout or a runner's shutdown must leave behind is nothing. */
class ProcessTreeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatATestLeft() throws Exception {
        for (Process process : started) {
            ProcessTree.kill(process, Duration.ZERO);
        }
    }

    /**
     * A script in a group of its own, as jobs run: a background child in its group, and a grandchild that left the
     * group for a session of its own (still a descendant). Returns the script and writes the pids to {@code pids}.
     */
    private Process script(Path pids) throws Exception {
        Process process = new ProcessBuilder(
                        "setsid",
                        "bash",
                        "-c",
                        "sleep 3600 & echo $! >> " + pids + "; setsid sleep 3601 & echo $! >> " + pids + "; echo $$ >> "
                                + pids + "; wait")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(process);
        return process;
    }

    private static List<Long> pids(Path file) throws Exception {
        await().atMost(PATIENCE)
                .until(() -> Files.exists(file) && Files.readAllLines(file).size() == 3);
        return Files.readAllLines(file).stream().map(Long::parseLong).toList();
    }

    private static boolean alive(long pid) {
        return ProcessTable.read().running(pid);
    }

    @Test
    void theTableShowsATreeItsGroupAndAProcessThatLeftTheGroup() throws Exception {
        Process process = script(dir.resolve("tree.pids"));
        List<Long> pids = pids(dir.resolve("tree.pids"));
        long script = process.pid();

        ProcessTable table = ProcessTable.fresh();

        assertThat(pids.get(2)).isEqualTo(script);
        assertThat(table.descendants(script)).contains(pids.get(0), pids.get(1));
        assertThat(table.matching(e -> e.group() == script))
                .contains(script, pids.get(0))
                .doesNotContain(pids.get(1));
        assertThat(table.matching(e -> e.session() == pids.get(1))).containsExactly(pids.get(1));
    }

    @Test
    void killingManyJobsAtOnceLeavesNoProcess() throws Exception {
        int jobs = 40;
        List<Process> scripts = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Path file = dir.resolve("job-" + i + ".pids");
            scripts.add(script(file));
        }
        for (int i = 0; i < jobs; i++) {
            all.addAll(pids(dir.resolve("job-" + i + ".pids")));
        }

        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture.allOf(scripts.stream()
                            .map(script -> CompletableFuture.runAsync(
                                    () -> {
                                        try {
                                            ProcessTree.kill(script, Duration.ofSeconds(5));
                                        } catch (InterruptedException e) {
                                            throw new IllegalStateException(e);
                                        }
                                    },
                                    threads))
                            .toArray(CompletableFuture[]::new))
                    .get();
        }

        assertThat(all).noneMatch(ProcessTreeTest::alive);
    }

    @Test
    void callersAtTheSameMomentShareAReading() throws Exception {
        int callers = 50;
        var go = new CountDownLatch(1);
        long before = ProcessTable.readings();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var calls = IntStream.range(0, callers)
                    .mapToObj(i -> threads.submit(() -> {
                        go.await();
                        return ProcessTable.fresh();
                    }))
                    .toList();
            go.countDown();
            for (var call : calls) {
                assertThat(call.get().running(ProcessHandle.current().pid())).isTrue();
            }
        }
        assertThat(ProcessTable.readings() - before).isLessThan(callers / 2);
    }

    @Test
    void aReadingIsNeverOlderThanTheCall() throws Exception {
        var threads = IntStream.range(0, 5)
                .mapToObj(i -> CompletableFuture.runAsync(ProcessTable::fresh))
                .toList();
        Process process = new ProcessBuilder("setsid", "sleep", "3602").start();
        started.add(process);

        assertThat(ProcessTable.fresh().running(process.pid())).isTrue();
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get();
    }
}
