package dev.porthole.bench;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time the JIT compilers of the server, the runner and this JVM spent while some work ran, and how long the work took:
 * a measurement taken while they still compile measures the compilers as much as the code (they share the machine's
 * two cores).
 */
record CompileTime(long serverMillis, long runnerMillis, long clientMillis, long workMillis) {
    private static final Pattern TOTAL = Pattern.compile("java\\.ci\\.totalTime=(\\d+)");
    private static final Pattern FREQUENCY = Pattern.compile("sun\\.os\\.hrt\\.frequency=(\\d+)");

    /** What is measured while the compilers are watched. */
    interface Work {
        void run() throws Exception;
    }

    /** The compile time of each JVM while {@code work} ran, and the work's own time (the readings not counted). */
    static CompileTime during(long server, long runner, Work work) throws Exception {
        long client = ProcessHandle.current().pid();
        long serverBefore = millis(server);
        long runnerBefore = millis(runner);
        long clientBefore = millis(client);
        long start = System.nanoTime();
        work.run();
        long workMillis = (System.nanoTime() - start) / 1_000_000;
        return new CompileTime(
                millis(server) - serverBefore,
                millis(runner) - runnerBefore,
                millis(client) - clientBefore,
                workMillis);
    }

    long totalMillis() {
        return serverMillis + runnerMillis + clientMillis;
    }

    private static long millis(long pid) throws IOException, InterruptedException {
        String counters = Jcmd.run(pid, "PerfCounter.print");
        Matcher total = TOTAL.matcher(counters);
        Matcher frequency = FREQUENCY.matcher(counters);
        if (!total.find() || !frequency.find()) {
            throw new IllegalStateException("no compiler time in the performance counters of process " + pid);
        }
        return Long.parseLong(total.group(1)) * 1000 / Long.parseLong(frequency.group(1));
    }
}
