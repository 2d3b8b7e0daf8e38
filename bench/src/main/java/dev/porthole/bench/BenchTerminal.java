package dev.porthole.bench;

import java.nio.charset.StandardCharsets;

/** A terminal the benchmarks type into and time: through the server, directly to the runner, or a local PTY. */
interface BenchTerminal extends AutoCloseable {
    /** Sends bytes as typed (or pasted) input. */
    void type(byte[] bytes);

    default void type(String text) {
        type(text.getBytes(StandardCharsets.UTF_8));
    }

    OutputClock clock();

    @Override
    void close();
}
