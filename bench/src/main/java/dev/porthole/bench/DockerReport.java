package dev.porthole.bench;

import java.util.Locale;

/** The "Docker executor" section of docs/benchmarks.md. */
final class DockerReport {
    static final String HEADING = "## Docker executor";

    private DockerReport() {}

    static String section(DockerBench.Result r, String machine, String load) {
        return String.format(
                Locale.ROOT,
                """
                %s

                Measured on %s (load average %s when it started), with the local image `porthole-test/bash:1` (Debian's
                static busybox and this machine's bash, imported with `docker import`; `pull_policy = "never"`).
                Reproduce this section alone with

                ```sh
                ./porthole bench docker
                ```

                ### Job start

                As in "Job pickup latency" above: from `POST /api/v4/projects/:id/pipeline` until the job's first
                script line runs, %d jobs one at a time after two warm-up jobs, on an idle runner with long polling.
                The docker executor also creates the job's container (labels, bind mount of the sources), starts its
                idle process and runs the script through `docker exec`; the container is removed after each job.

                | executor | median | p99 | job confirmed → script runs (median) |
                |---|---|---|---|
                | docker (`porthole-test/bash:1`) | %.1f ms | %.1f ms | %.1f ms |
                | baseline: shell | %.1f ms | %.1f ms | %.1f ms |

                The docker executor adds %.1f ms to the median start.

                ### Terminal through `docker exec`

                One job per executor, each with a terminal through the server (`terminal.ws` with a `PRIVATE-TOKEN`,
                `v1.terminal.porthole.dev`), in alternating rounds. Keystroke echo as in "Keystroke echo" above (%d per
                path after %d warm-up keystrokes); throughput is `cat` of a %d MiB file of 87-byte lines that the job
                wrote where its terminal's shell reads it (in the container for docker).

                | terminal | echo p50 | echo p99 | throughput |
                |---|---|---|---|
                | docker executor: `docker exec` with a TTY in the job's container | %.3f ms | %.3f ms | %.1f MB/s |
                | baseline: shell executor, login bash on the runner's PTY | %.3f ms | %.3f ms | %.1f MB/s |

                `docker exec` adds %.3f ms to the echo p50, and its throughput is %.0f%% of the shell executor's: its
                output comes from the container's TTY through dockerd's attach stream, the shell executor's from a PTY
                the runner reads itself.

                Next for the docker executor's start: most of it is creating and starting the job's container and its
                first `docker exec` (the part after the runner confirmed the job); measure those steps apart, and try
                creating the container while the sources are fetched.
                """,
                HEADING,
                machine,
                load,
                r.startJobs(),
                r.dockerStart().total().median(),
                r.dockerStart().total().p99(),
                r.dockerStart().toScript().median(),
                r.shellStart().total().median(),
                r.shellStart().total().p99(),
                r.shellStart().toScript().median(),
                r.dockerStart().total().median() - r.shellStart().total().median(),
                DockerBench.ROUNDS * DockerBench.KEYSTROKES_PER_ROUND,
                DockerBench.WARMUP_KEYSTROKES,
                r.outputBytes() >> 20,
                r.dockerEcho().median(),
                r.dockerEcho().p99(),
                r.dockerRate() / 1e6,
                r.shellEcho().median(),
                r.shellEcho().p99(),
                r.shellRate() / 1e6,
                r.dockerEcho().median() - r.shellEcho().median(),
                100 * r.dockerRate() / r.shellRate());
    }
}
