package dev.porthole.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** Runs every benchmark and writes the results to docs/benchmarks.md. */
public final class BenchMain {
    private static final int PICKUP_JOBS = Integer.getInteger("porthole.bench.jobs", 50);

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
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
        write(Path.of(System.getProperty("porthole.benchOutput", "docs/benchmarks.md")), longPoll, polling, throughput);
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
                (the script prints `date +%%s%%N`; same machine, same clock). Included: the long poll waking, the
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
