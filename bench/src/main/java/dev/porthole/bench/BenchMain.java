package dev.porthole.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** Runs every benchmark and writes the results to docs/benchmarks.md. */
public final class BenchMain {
    private static final int PICKUP_JOBS = Integer.getInteger("porthole.bench.jobs", 50);
    /** Terminals in the many-terminals part; 1,000 is the goal (as many running jobs). */
    private static final int DEFAULT_TERMINALS = 200;

    private BenchMain() {}

    /**
     * With no arguments every benchmark runs and the whole file is written; {@code terminal [N]} runs the terminal
     * benchmark alone (N terminals in its last part) and replaces its section only.
     */
    public static void main(String[] args) throws Exception {
        Path output = Path.of(System.getProperty("porthole.benchOutput", "docs/benchmarks.md"));
        if (args.length > 0 && args[0].equals("terminal")) {
            int terminals = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_TERMINALS;
            BenchmarksFile.write(output, TerminalReport.HEADING, terminal(terminals));
            return;
        }
        if (args.length > 0 && args[0].equals("docker")) {
            BenchmarksFile.write(output, DockerReport.HEADING, docker());
            return;
        }
        if (args.length > 0) {
            throw new IllegalArgumentException("unknown benchmark '" + args[0] + "' (known: terminal, docker)");
        }
        System.out.println("Job pickup with long polling (" + PICKUP_JOBS + " jobs)...");
        var longPoll = PickupLatency.measure("pickup-long-poll", true, PICKUP_JOBS);
        print(longPoll);
        if (Boolean.getBoolean("porthole.bench.pickupOnly")) {
            return; // for working on the pickup path; docs/benchmarks.md is written by full runs only
        }
        System.out.println("Job pickup without long polling, check_interval 3 s (" + PICKUP_JOBS + " jobs)...");
        var polling = PickupLatency.measure("pickup-polling", false, PICKUP_JOBS);
        print(polling);
        System.out.println("Runner API throughput...");
        RequestThroughput.Result throughput = RequestThroughput.measure();
        System.out.printf(
                Locale.ROOT,
                "  jobs/request %.0f/s, /-/health %.0f/s%n",
                throughput.jobRequestsPerSecond(),
                throughput.healthPerSecond());
        String terminal = terminal(DEFAULT_TERMINALS);
        String docker = docker();
        write(output, longPoll, polling, throughput);
        BenchmarksFile.write(output, TerminalReport.HEADING, terminal);
        BenchmarksFile.write(output, DockerReport.HEADING, docker);
    }

    private static String docker() throws Exception {
        String load = loadAverage();
        DockerBench.Result result = DockerBench.measure();
        System.out.printf(
                Locale.ROOT,
                "  start median: docker %.1f ms, shell %.1f ms; echo p50: docker %.3f ms, shell %.3f ms;"
                        + " throughput: docker %.1f MB/s, shell %.1f MB/s%n",
                result.dockerStart().total().median(),
                result.shellStart().total().median(),
                result.dockerEcho().median(),
                result.shellEcho().median(),
                result.dockerRate() / 1e6,
                result.shellRate() / 1e6);
        return DockerReport.section(result, machineDetails(), load);
    }

    private static String terminal(int terminals) throws Exception {
        String load = loadAverage();
        System.out.println("Terminal echo and throughput: through the server, direct to the runner, raw PTY...");
        TerminalBench.Result single = TerminalBench.measure();
        System.out.printf(
                Locale.ROOT,
                "  echo p50/p99: server %.3f/%.3f ms, direct %.3f/%.3f ms, pty %.3f/%.3f ms%n"
                        + "  throughput: server %.1f MB/s, direct %.1f MB/s, pty %.1f MB/s"
                        + " (JIT during the rounds: server %d ms, runner %d ms, client %d ms)%n",
                single.viaServer().median(),
                single.viaServer().p99(),
                single.direct().median(),
                single.direct().p99(),
                single.raw().median(),
                single.raw().p99(),
                single.viaServerRate() / 1e6,
                single.directRate() / 1e6,
                single.rawRate() / 1e6,
                single.compiledDuringRounds().serverMillis(),
                single.compiledDuringRounds().runnerMillis(),
                single.compiledDuringRounds().clientMillis());
        System.out.println(terminals + " idle terminals through one server...");
        ManyTerminals.Result many = ManyTerminals.measure(terminals);
        System.out.printf(
                Locale.ROOT,
                "  per terminal: server %.1f KiB RSS / %.1f KiB heap, runner %.1f KiB RSS / %.1f KiB heap;"
                        + " echo p50 %.2f ms, p99 %.2f ms, %d of %d without echo in time%n",
                many.serverRssPerTerminal(),
                many.serverHeapPerTerminal(),
                many.runnerRssPerTerminal(),
                many.runnerHeapPerTerminal(),
                many.echo().median(),
                many.echo().p99(),
                many.lost(),
                many.sent());
        return TerminalReport.section(single, many, machineDetails(), load);
    }

    /** Cores, processor model, memory, Java and system, for results that depend on the machine. */
    static String machineDetails() {
        String cpu = "";
        String memory = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim() + ", ")
                    .orElse("");
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB memory, ")
                    .orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux: the rest says enough
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + memory + "Java "
                + Runtime.version().feature() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }

    /** The 1-, 5- and 15-minute load averages: other work on the machine shows in the numbers. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void print(PickupLatency.Result result) {
        System.out.printf(
                Locale.ROOT,
                "  median %.1f ms, p99 %.1f ms (created %.1f, confirmed %.1f, script %.1f ms)%n",
                result.total().median(),
                result.total().p99(),
                result.toCreated().median(),
                result.toConfirmed().median(),
                result.toScript().median());
    }

    private static void write(
            Path file, PickupLatency.Result longPoll, PickupLatency.Result polling, RequestThroughput.Result throughput)
            throws IOException {
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java "
                + Runtime.version().feature() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
        String text = String.format(
                Locale.ROOT,
                """
                # Benchmarks

                Measured on %s (%s), with real server and runner processes on loopback. Every number stands
                beside a baseline measured in the same run. Reproduce with:

                ```sh
                ./porthole bench
                ```

                ## Job pickup latency

                From `POST /api/v4/projects/:id/pipeline` until the job's first script line runs on an idle runner
                (the script prints bash's `$EPOCHREALTIME`; same machine, same clock). Included: the long poll waking, the
                job payload, the runner confirming the job, git fetching the commit, bash starting. %d jobs, one at
                a time, after two warm-up jobs.

                | flow | median | p99 |
                |---|---|---|
                | long polling (Porthole's default) | %.1f ms | %.1f ms |
                | baseline: no long polling, `check_interval` 3 s (gitlab-runner's default) | %.1f ms | %.1f ms |

                Where the time goes with long polling (medians, split where the server recorded the pipeline's
                creation and the runner's confirmation of the job):

                | part | median |
                |---|---|
                | API request until the pipeline exists (config read and compiled, jobs queued) | %.1f ms |
                | pipeline created until the runner confirmed its job (long poll wakes, payload, confirmation) | %.1f ms |
                | job confirmed until its script runs (git fetch and checkout of the commit, bash) | %.1f ms |

                Goal: median under 100 ms on an idle runner. Not met on this machine: the last part is mostly git,
                which starts five processes for one fetch (about 8 to 10 ms each here) and two more for the
                checkout. See "What to try next" below.

                ## Runner API throughput with no work

                `POST /api/v4/jobs/request` answered `204 No Content` at once (long polling off), by %d concurrent
                clients for 10 seconds after a 5-second warm-up; beside `GET /-/health` on the same server, the floor
                of the web stack.

                | request | answers per second |
                |---|---|
                | `POST /api/v4/jobs/request` (token check, runner contact, queue query) | %.0f |
                | baseline: `GET /-/health` | %.0f |

                ## What to try next

                - Pickup: fetch in-process (JGit) instead of spawning git when the runner already holds a checkout,
                  or skip the fetch when the commit is already there and only move the refs; let git access the
                  job's project while the runner's confirmation is still on its way, so both overlap.
                - Throughput: the runner's contact is written at most every 10 seconds per runner; the queue query
                  reads up to 500 pending jobs per request and filters tags in Java.
                """,
                LocalDate.now(),
                machine,
                PICKUP_JOBS,
                longPoll.total().median(),
                longPoll.total().p99(),
                polling.total().median(),
                polling.total().p99(),
                longPoll.toCreated().median(),
                longPoll.toConfirmed().median(),
                longPoll.toScript().median(),
                16,
                throughput.jobRequestsPerSecond(),
                throughput.healthPerSecond());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
        System.out.println("Wrote " + file.toAbsolutePath());
    }
}
