package dev.porthole.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of a sample: durations in milliseconds, or a rate measured in rounds. */
record Stats(List<Double> sortedMillis) {
    static Stats of(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new Stats(List.copyOf(sorted));
    }

    /** The nearest-rank percentile. */
    double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedMillis.size());
        return sortedMillis.get(Math.max(0, Math.min(sortedMillis.size() - 1, rank - 1)));
    }

    double median() {
        return percentile(50);
    }

    double p99() {
        return percentile(99);
    }

    double min() {
        return sortedMillis.getFirst();
    }

    double max() {
        return sortedMillis.getLast();
    }

    int count() {
        return sortedMillis.size();
    }
}
