package dev.porthole.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM process's memory as the operating system sees it (resident set) and as its heap holds it after a full
 * collection, both taken right after {@code jcmd <pid> GC.run}.
 */
record ProcessMemory(long rssKib, long heapUsedKib) {
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    /** G1 says {@code used 12345K}, ZGC {@code used 188M}. */
    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");

    static ProcessMemory of(long pid) throws IOException, InterruptedException {
        Jcmd.run(pid, "GC.run");
        String heap = Jcmd.run(pid, "GC.heap_info");
        Matcher used = USED.matcher(heap);
        if (!used.find()) {
            throw new IllegalStateException("no heap use in: " + heap);
        }
        Matcher rss = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
        if (!rss.find()) {
            throw new IllegalStateException("no VmRSS for process " + pid);
        }
        long usedKib = Long.parseLong(used.group(1))
                << switch (used.group(2)) {
                    case "K" -> 0;
                    case "M" -> 10;
                    default -> 20;
                };
        return new ProcessMemory(Long.parseLong(rss.group(1)), usedKib);
    }

    /** The resident memory of these processes together (the terminals' shells), in KiB. */
    static long rssOfAll(Iterable<Long> pids) throws IOException {
        long total = 0;
        for (long pid : pids) {
            Path status = Path.of("/proc/" + pid + "/status");
            if (Files.exists(status)) {
                Matcher rss = RSS.matcher(Files.readString(status));
                if (rss.find()) {
                    total += Long.parseLong(rss.group(1));
                }
            }
        }
        return total;
    }
}
