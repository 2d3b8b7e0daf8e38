package dev.porthole.bench;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time the JIT compilers of the server, the runner and this JVM spent between two readings: a measurement taken while
 * they still compile measures the compilers as much as the code (they share the machine's two cores).
 */
record CompileTime(long serverMillis, long runnerMillis, long clientMillis) {
    private static final Pattern TOTAL = Pattern.compile("java\\.ci\\.totalTime=(\\d+)");
    private static final Pattern FREQUENCY = Pattern.compile("sun\\.os\\.hrt\\.frequency=(\\d+)");

    /** Compile time so far of each JVM. */
    static CompileTime now(long server, long runner) throws IOException, InterruptedException {
        return new CompileTime(
                millis(server), millis(runner), millis(ProcessHandle.current().pid()));
    }

    /** The compile time between {@code earlier} and this reading. */
    CompileTime since(CompileTime earlier) {
        return new CompileTime(
                serverMillis - earlier.serverMillis,
                runnerMillis - earlier.runnerMillis,
                clientMillis - earlier.clientMillis);
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
