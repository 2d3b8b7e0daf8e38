package dev.porthole.bench;

import dev.porthole.protocol.terminal.TerminalFrame;
import dev.porthole.protocol.terminal.TerminalFrames;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many idle terminals through one server: as many running jobs (the runner allows one terminal per job), a
 * terminal into each whose shell becomes {@code cat}, and one keystroke a second into each. Reports what each
 * terminal costs the server and the runner (resident memory, and heap after a full collection) and the echo round
 * trips under that load.
 */
final class ManyTerminals {
    private static final Duration LOAD = Duration.ofSeconds(Integer.getInteger("porthole.bench.loadSeconds", 60));
    private static final Duration LOAD_WARMUP = Duration.ofSeconds(5);
    private static final int CONNECTING_AT_ONCE = 8;

    private ManyTerminals() {}

    static long loadSeconds() {
        return LOAD.toSeconds();
    }

    /**
     * @param perTerminalServer memory per terminal on the server (KiB), from the same measure before and after
     * @param lost keystrokes whose echo had not come when the next keystroke was due
     */
    record Result(
            int jobs,
            int terminals,
            ProcessMemory serverBefore,
            ProcessMemory serverAfter,
            ProcessMemory runnerBefore,
            ProcessMemory runnerAfter,
            long catRssKib,
            Stats echo,
            long sent,
            long lost,
            Duration connecting,
            TerminalBench.TerminalEnvironment.RunnerStop stop) {
        double serverRssPerTerminal() {
            return (serverAfter.rssKib() - serverBefore.rssKib()) / (double) terminals;
        }

        double serverHeapPerTerminal() {
            return (serverAfter.heapUsedKib() - serverBefore.heapUsedKib()) / (double) terminals;
        }

        double runnerRssPerTerminal() {
            return (runnerAfter.rssKib() - runnerBefore.rssKib()) / (double) terminals;
        }

        double runnerHeapPerTerminal() {
            return (runnerAfter.heapUsedKib() - runnerBefore.heapUsedKib()) / (double) terminals;
        }
    }

    private static void closeAll(List<SocketTerminal> open) {
        List<SocketTerminal> closing;
        synchronized (open) {
            closing = List.copyOf(open);
        }
        try (var closer = Executors.newVirtualThreadPerTaskExecutor()) {
            closing.forEach(terminal -> closer.submit(terminal::close));
        }
    }

    static Result measure(int terminals) throws Exception {
        try (var env = TerminalBench.TerminalEnvironment.start("many-terminals", terminals)) {
            System.out.println("  waiting for " + terminals + " running jobs...");
            env.awaitSessionsSettled(terminals, Duration.ofMinutes(30));
            List<JobSessions.Session> sessions = env.sessions().all();
            System.out.println("  " + sessions.size() + " of " + terminals + " jobs have a terminal session");
            // Jobs still starting (git, bash) would count as terminal memory: wait until the runner is idle.
            awaitIdle(env.runner().pid());
            ProcessMemory serverBefore = ProcessMemory.of(env.server().pid());
            ProcessMemory runnerBefore = ProcessMemory.of(env.runner().pid());
            System.out.printf(
                    "  before: server %d KiB RSS / %d KiB heap, runner %d KiB RSS / %d KiB heap%n",
                    serverBefore.rssKib(),
                    serverBefore.heapUsedKib(),
                    runnerBefore.rssKib(),
                    runnerBefore.heapUsedKib());

            HttpClient http = HttpClient.newHttpClient();
            List<SocketTerminal> open = Collections.synchronizedList(new ArrayList<>());
            long connectStart = System.nanoTime();
            try {
                var slots = new Semaphore(CONNECTING_AT_ONCE);
                List<CompletableFuture<?>> connecting = new ArrayList<>();
                for (JobSessions.Session session : sessions) {
                    slots.acquire();
                    connecting.add(env.openThroughServer(http, session.jobId(), 30)
                            .thenAccept(terminal -> {
                                open.add(terminal);
                                terminal.type("exec cat\r");
                            })
                            .whenComplete((ignored, failure) -> slots.release()));
                }
                CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new))
                        .join();
                Duration connectTime = Duration.ofNanos(System.nanoTime() - connectStart);
                System.out.println("  " + open.size() + " terminals open after " + connectTime.toSeconds() + " s");
                awaitIdle(env.runner().pid());
                ProcessMemory serverAfter = ProcessMemory.of(env.server().pid());
                ProcessMemory runnerAfter = ProcessMemory.of(env.runner().pid());
                long catRss =
                        ProcessMemory.rssOfAll(ProcessHandle.of(env.runner().pid())
                                .orElseThrow()
                                .descendants()
                                .filter(p -> p.info().command().orElse("").endsWith("/cat"))
                                .map(ProcessHandle::pid)
                                .toList());

                Load load = load(open);
                closeAll(open);
                System.out.println("  stopping the runner with " + terminals + " jobs running...");
                var stop = env.stopRunner();
                System.out.printf(
                        "  the runner stopped in %.1f s; %d of its jobs' processes were left behind%n",
                        stop.took().toMillis() / 1000.0, stop.leftBehind());
                return new Result(
                        terminals,
                        open.size(),
                        serverBefore,
                        serverAfter,
                        runnerBefore,
                        runnerAfter,
                        catRss / Math.max(1, open.size()),
                        load.echo(),
                        load.sent(),
                        load.lost(),
                        connectTime,
                        stop);
            } finally {
                // After a failure too; closing a terminal twice changes nothing.
                closeAll(open);
            }
        }
    }

    private record Load(Stats echo, long sent, long lost) {}

    /** One keystroke a second into every terminal, spread evenly over the second. */
    private static Load load(List<SocketTerminal> terminals) throws InterruptedException {
        List<Double> echoes = Collections.synchronizedList(new ArrayList<>());
        var recording = new AtomicBoolean();
        var sent = new AtomicLong();
        var lost = new AtomicLong();
        ByteBuffer keystroke = TerminalFrames.encode(new TerminalFrame.Input(ByteBuffer.wrap(new byte[] {'a'})));
        List<AtomicBoolean> waiting = new ArrayList<>();
        for (SocketTerminal terminal : terminals) {
            var echoed = new AtomicBoolean(true);
            waiting.add(echoed);
            terminal.clock().onRoundTrip(nanos -> {
                echoed.set(true);
                if (recording.get()) {
                    echoes.add(nanos / 1_000_000.0);
                }
            });
        }
        ScheduledExecutorService typists = Executors.newScheduledThreadPool(2);
        try {
            long period = TimeUnit.SECONDS.toNanos(1);
            for (int i = 0; i < terminals.size(); i++) {
                SocketTerminal terminal = terminals.get(i);
                AtomicBoolean echoed = waiting.get(i);
                typists.scheduleAtFixedRate(
                        () -> {
                            if (recording.get()) {
                                sent.incrementAndGet();
                                if (!echoed.get()) {
                                    lost.incrementAndGet();
                                }
                            }
                            echoed.set(false);
                            terminal.clock().keystrokeSent();
                            terminal.send(keystroke.duplicate());
                        },
                        period * i / terminals.size(),
                        period,
                        TimeUnit.NANOSECONDS);
            }
            Thread.sleep(LOAD_WARMUP);
            recording.set(true);
            Thread.sleep(LOAD);
            recording.set(false);
        } finally {
            typists.shutdownNow();
            typists.awaitTermination(10, TimeUnit.SECONDS);
        }
        return new Load(Stats.of(echoes), sent.get(), lost.get());
    }

    /**
     * Waits until the process used under 10% of a core over two seconds (jobs and terminals settled; running jobs
     * still send their updates), for three minutes at most.
     */
    private static void awaitIdle(long pid) throws InterruptedException {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        long before = cpuMillis(process);
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            long now = cpuMillis(process);
            if (now - before < 200) {
                return;
            }
            before = now;
        }
    }

    private static long cpuMillis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }
}
