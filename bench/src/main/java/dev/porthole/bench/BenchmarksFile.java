package dev.porthole.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/benchmarks.md, a section at a time: a benchmark run alone replaces its own section (from its heading to the
 * next) and leaves the others as they were measured.
 */
final class BenchmarksFile {
    private static final String NEXT = "## What to try next";

    private BenchmarksFile() {}

    static void write(Path file, String heading, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        Files.writeString(file, place(text, heading, section));
        System.out.println("Wrote " + file.toAbsolutePath());
    }

    /** The text with the section in place of the old one of that heading, or before "What to try next". */
    static String place(String text, String heading, String section) {
        int start = text.indexOf(heading + "\n");
        if (start >= 0) {
            int end = text.indexOf("\n## ", start + heading.length());
            return text.substring(0, start) + section + (end < 0 ? "" : text.substring(end));
        }
        int next = text.indexOf(NEXT);
        if (next >= 0) {
            return text.substring(0, next) + section + "\n" + text.substring(next);
        }
        return text + "\n" + section;
    }
}
