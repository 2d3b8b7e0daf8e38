package dev.porthole.bench;

import java.time.LocalDate;
import java.util.Locale;

/** The "Interactive terminal" section of docs/benchmarks.md, and putting it in place in the file. */
final class TerminalReport {
    static final String HEADING = "## Interactive terminal";
    private static final double SERVER_ECHO_GOAL_MS = 0.5;
    private static final double THROUGHPUT_GOAL = 0.8;
    private static final int TERMINALS_GOAL = 1000;
    private static final double MANY_ECHO_GOAL_MS = 50;

    private TerminalReport() {}

    static String section(TerminalBench.Result single, ManyTerminals.Result many, String machine, String load) {
        double added = single.viaServer().median() - single.direct().median();
        double share = single.viaServerRate() / single.rawRate();
        boolean manyMet = many.terminals() >= TERMINALS_GOAL && many.echo().p99() < MANY_ECHO_GOAL_MS;
        return String.format(
                Locale.ROOT,
                """
                %s

                Measured on %s (%s; load average %s when it started). Reproduce this section alone with

                ```sh
                ./porthole bench terminal %d        # %d running jobs, a terminal into each, in the last part
                ./porthole bench terminal 1000       # the goal's 1,000 terminals (1,000 running jobs)
                ```

                One job's terminal is reached three ways at once: through the server (`/<project>/-/jobs/<id>/terminal.ws`
                with a `PRIVATE-TOKEN`, then the server's proxy to the runner), directly to the runner's session server
                (`/session/<id>/exec` over TLS pinned to the session's certificate, with the session's token), and, as
                the baseline, the same login bash on a PTY (pty4j) inside the benchmark process. The direct connection
                needs the session's URL, certificate and token, which no API hands out: the benchmark starts the server
                with its H2 database in `AUTO_SERVER` mode and reads them from the `job_sessions` table. All three speak
                `v1.terminal.porthole.dev` except the PTY, and acknowledge every 64 KiB received. Rounds alternate
                between the three so that the machine's other load falls on all of them alike.

                ### Keystroke echo

                A letter typed into bash (readline echoes it) until its echo arrives; one keystroke at a time, %d per
                path after %d warm-up keystrokes, the line cleared with Ctrl-U every %d letters.

                | path | p50 | p99 |
                |---|---|---|
                | through the server and the runner | %.3f ms | %.3f ms |
                | directly to the runner's session server | %.3f ms | %.3f ms |
                | baseline: bash on a PTY in the benchmark process | %.3f ms | %.3f ms |

                The server adds %.3f ms to the echo p50 (through the server minus direct). Goal: under %.1f ms. **%s.**

                ### Output throughput

                `cat` of a %d MiB text file (lines of 87 characters, as a build log) in the shell, until a marker printed
                after it arrives; the median of %d rounds, after %d warm-up rounds (at least %d, until the JIT compilers
                worked less than %.0f%% of a round, at most %d). Through the whole path the client
                acknowledges (flow control, 1 MiB window), as a browser does.

                | path | throughput (median) | share of the PTY | rounds |
                |---|---|---|---|
                | through the server and the runner | %.1f MB/s | %.0f%% | %.1f-%.1f MB/s |
                | directly to the runner's session server | %.1f MB/s | %.0f%% | %.1f-%.1f MB/s |
                | baseline: reading the PTY in the benchmark process | %.1f MB/s | 100%% | %.1f-%.1f MB/s |

                The JIT compilers worked %d ms in the server, %d ms in the runner and %d ms in the benchmark's client
                during the measured rounds (they share the two cores with what is measured).

                Goal: at least %.0f%% of the PTY's rate through the whole path. **%s.**

                ### Many idle terminals

                %d jobs running at once on one runner (`concurrent = %d`: a session takes one terminal, a second one gets
                423), a terminal into each of the %d that the server kept a session for (see below) through one server
                (opened %d at a time, all open after %d s), each shell replaced by `cat` (`exec cat`), then one
                keystroke a second into every terminal, spread evenly over the second, for %d s after a 5 s warm-up. Memory is measured right after a full collection (`jcmd GC.run`),
                once with the jobs running and no terminal, once with every terminal open; the difference divided by
                the number of terminals. Resident memory (RSS) is what the machine gives the process; heap is the Java
                heap in use after the collection, the part that grows with terminals whatever the JVM's sizing. The
                server's JVM runs with `-Xmx512m`, the runner's with `%s` (see below).

                | | server | runner |
                |---|---|---|
                | RSS, jobs running, no terminal | %d MiB | %d MiB |
                | RSS, %d terminals open | %d MiB | %d MiB |
                | **RSS per terminal** | **%.1f KiB** | **%.1f KiB** |
                | heap after GC, no terminal | %d MiB | %d MiB |
                | heap after GC, %d terminals open | %d MiB | %d MiB |
                | **heap per terminal** | **%.1f KiB** | **%.1f KiB** |

                Each terminal's `cat` process adds %d KiB RSS of its own on the runner's machine (shared pages counted
                in each).

                | echo under load (%d keystrokes) | p50 | p99 | max | no echo before the next keystroke |
                |---|---|---|---|---|
                | %d terminals, 1 keystroke/s each, through the server | %.2f ms | %.2f ms | %.2f ms | %d |

                Then the runner was stopped (SIGTERM, as a service manager stops it) with its %d jobs still running:
                it stopped in %.1f s, and %d of its jobs' processes outlived it (it fails the jobs it cannot finish and
                kills each job's process tree; a stop that outlasts three minutes gets SIGKILL).

                Goal: 1,000 terminals held with an echo p99 under %.0f ms. **%s.**

                ### Reading these numbers, and what to try next

                - The machine's two cores carry the benchmark's client, the server, the runner and the shell at once,
                  and other work ran beside it (the load average above): the p99 columns mostly measure scheduling
                  on a busy machine, the PTY's own p99 included. The direct column splits the path: direct minus PTY
                  is the runner's share (TLS, Jetty, two thread hand-offs), through the server minus direct is the
                  server's (a second websocket hop with TLS to the runner, and the relay).
                - Of %d running jobs, %d had a terminal session stored on the server. A session is stored when the
                  runner takes the job; the server's sweep deletes the sessions of jobs that stopped running and spares
                  jobs still waiting for their runner's confirmation. One earlier run, on a machine still busy with the
                  runs before it, kept only 917 of 1,000 (its runner logged ~1,300 failed job updates while the thousand
                  jobs started); no run on a quiet machine has lost one.
                - Throughput is CPU-bound here: every output byte is read from the PTY, framed, encrypted and
                  decrypted (runner to server), framed again (server to client) and decoded, on two cores shared with
                  `cat` and the PTY. While output is continuous the runner puts what the PTY already holds into one
                  frame, up to 64 KiB (it asks the PTY how much waits, `FIONREAD`), and it reads the PTY's master
                  itself, waiting in `poll` with native memory allocated once per terminal. pty4j's stream allocates
                  native memory on every read (its poll's structures and a copy of the buffer, each registered with
                  JNA's cleaner): in a profile of the settled rounds that allocation, its cleaning and the collections
                  it caused were most of what the runner spent beside the kernel's PTY work. The baseline reads the
                  same way. With a frame per 4 KiB read and pty4j's reads, the whole path reached 48-59%% of the PTY
                  (36-40 MB/s); with 64 KiB frames and pty4j's waits, after the settling warm-up, 81-96%%.
                - Warm-up decides this measurement. With one warm-up round, a system-wide profile (`perf`) of the
                  measured rounds found the JVMs' optimising compilers using about a quarter of the machine's CPU: the
                  benchmark's client, the server and the runner were all still compiling their TLS, websocket and
                  selector paths, since a round through the server is only about a thousand 64 KiB frames. The server
                  itself did less work relaying than its compiler did compiling. Those runs measured 36-62 MB/s through
                  the server (48-85%% of the PTY), varying with when the compilers finished; the warm-up now goes on
                  until they have settled (the table's note says after how many rounds and how much they still
                  compiled during the measured ones). A server that has relayed a few hundred MiB is in this state;
                  one just started is in the earlier one. Single rounds still vary by a third, the PTY's own included:
                  the four processes share two cores.
                - Server (`terminalproxy`): the relay keeps up to 256 KiB in flight per direction (`SendWindow`), so
                  reading from the runner overlaps writing to the client; it used to ask for the next frame only after
                  the previous one was written (one output frame in flight per terminal).
                - Runner: the PTY is read 4 KiB at a time, which is about what Linux hands out per read of a PTY;
                  pty4j allocates (and JNA copies in and out) the whole length a read asks for, so the 32 KiB reads of
                  earlier runs cost every keystroke's echo 32 KiB of garbage, and at a thousand terminals the runner
                  spent most of its time collecting (pauses of half a second, the p99 of 900 ms seen before). A
                  keystroke's echo goes out at once in a frame of its own; input is written by threads borrowed only while input
                  waits, and a shell's exit arrives through the JDK's own wait for its child, so an idle terminal
                  holds one platform thread (its PTY reader) instead of three: fewer stacks for every collection to
                  scan.
                - Many terminals: a job with a terminal costs the runner five threads (its script's output reader,
                  its PTY's reader, and the JDK's and pty4j's waits for the two processes), 5,000 at a thousand.
                  With G1 every young collection scans all their stacks while everything stops: a profile of a run
                  with G1 and a 1 GiB heap showed pauses of 70 to 110 ms, with an echo p50 of 0.72 ms, a p99 of
                  259 ms and 754 keystrokes without an echo within their second (872 ms p99 before, with the tests'
                  256 MiB heap and 32 KiB reads). The runner here uses ZGC, which scans thread stacks while the
                  runner runs: in a profile of the keystroke phase it paused 3 times for under 0.1 ms in 30 s, and
                  the runner used little CPU; the server (G1, 512 MiB) paused 10 times, the longest 39 ms, so its
                  collections are what is left of the tail (that profiled run: p99 36 ms). An earlier run with ZGC
                  measured a p99 of 278 ms on a machine still loaded by the runs before it. See docs/terminals.md for
                  running a runner with many jobs.
                - Stopping: the runner first waits `shutdown_timeout` (30 s here) for its jobs, then fails them and
                  kills each job's process tree. Who belongs to a job's tree, group or session is read from `/proc`
                  once for all the jobs being killed at that moment (`ProcessTable`); each kill used to read all of
                  `/proc` itself (50-100 ms with 3,000 processes) and fork kill(1) twice, so a stop with 1,000 jobs
                  outlasted a minute, got SIGKILL and left the jobs' scripts running. Killing the 1,000 jobs now
                  takes 15-16 s of the stop.
                - Until this benchmark, the runner read and wrote each terminal's PTY on virtual threads; pty4j blocks
                  in native code, which keeps a virtual thread's carrier, so two open terminals on a two-core machine
                  stopped the runner's other virtual threads (input, new connections, jobs). They are platform threads
                  now, which is also what makes the many-terminals part possible at all.
                """,
                HEADING,
                LocalDate.now(),
                machine,
                load,
                many.jobs(),
                many.jobs(),
                single.viaServer().count(),
                300,
                40,
                single.viaServer().median(),
                single.viaServer().p99(),
                single.direct().median(),
                single.direct().p99(),
                single.raw().median(),
                single.raw().p99(),
                added,
                SERVER_ECHO_GOAL_MS,
                added < SERVER_ECHO_GOAL_MS ? "Met" : "Not met",
                single.outputBytes() >> 20,
                TerminalBench.THROUGHPUT_ROUNDS,
                single.warmUpRounds(),
                TerminalBench.MIN_WARMUP_ROUNDS,
                100 * TerminalBench.SETTLED_COMPILE_SHARE,
                TerminalBench.MAX_WARMUP_ROUNDS,
                mb(single.viaServerRate()),
                100 * share,
                mb(single.viaServerRates().min()),
                mb(single.viaServerRates().max()),
                mb(single.directRate()),
                100 * single.directRate() / single.rawRate(),
                mb(single.directRates().min()),
                mb(single.directRates().max()),
                mb(single.rawRate()),
                mb(single.rawRates().min()),
                mb(single.rawRates().max()),
                single.compiledDuringRounds().serverMillis(),
                single.compiledDuringRounds().runnerMillis(),
                single.compiledDuringRounds().clientMillis(),
                100 * THROUGHPUT_GOAL,
                share >= THROUGHPUT_GOAL ? "Met" : "Not met",
                many.jobs(),
                many.jobs(),
                many.terminals(),
                8,
                many.connecting().toSeconds(),
                ManyTerminals.loadSeconds(),
                String.join(" ", TerminalBench.TerminalEnvironment.RUNNER_JVM),
                many.serverBefore().rssKib() >> 10,
                many.runnerBefore().rssKib() >> 10,
                many.terminals(),
                many.serverAfter().rssKib() >> 10,
                many.runnerAfter().rssKib() >> 10,
                many.serverRssPerTerminal(),
                many.runnerRssPerTerminal(),
                many.serverBefore().heapUsedKib() >> 10,
                many.runnerBefore().heapUsedKib() >> 10,
                many.terminals(),
                many.serverAfter().heapUsedKib() >> 10,
                many.runnerAfter().heapUsedKib() >> 10,
                many.serverHeapPerTerminal(),
                many.runnerHeapPerTerminal(),
                many.catRssKib(),
                many.echo().count(),
                many.terminals(),
                many.echo().median(),
                many.echo().p99(),
                many.echo().percentile(100),
                many.lost(),
                many.jobs(),
                many.stop().took().toMillis() / 1000.0,
                many.stop().leftBehind(),
                MANY_ECHO_GOAL_MS,
                manyMet
                        ? "Met"
                        : many.terminals() < TERMINALS_GOAL
                                ? "Not measured at 1,000 here (" + many.terminals() + " terminals); see above"
                                : "Not met",
                many.jobs(),
                many.terminals());
    }

    private static double mb(double bytesPerSecond) {
        return bytesPerSecond / 1e6;
    }
}
