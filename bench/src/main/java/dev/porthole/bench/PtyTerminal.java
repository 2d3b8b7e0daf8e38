package dev.porthole.bench;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.porthole.runner.terminal.PtyOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the same login bash on a PTY (pty4j, as the runner starts it) in this process, read by a platform
 * thread in 4 KiB reads the way the runner reads it ({@link PtyOutput}: straight from the PTY's master; the kernel
 * hands out about 4 KiB per read); no websocket, no network.
 */
final class PtyTerminal implements BenchTerminal {
    private static final int READ_CHUNK = 4096;

    private final PtyProcess process;
    private final OutputStream input;
    private final OutputClock clock = new OutputClock();
    private final Thread reader;

    PtyTerminal(Path directory) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TERM", "xterm-256color");
        process = new PtyProcessBuilder(new String[] {"/bin/bash", "--login"})
                .setDirectory(directory.toString())
                .setEnvironment(env)
                .setInitialColumns(80)
                .setInitialRows(24)
                .setRedirectErrorStream(true)
                .setConsole(false)
                .start();
        input = process.getOutputStream();
        reader = Thread.ofPlatform().daemon().name("pty-reader").start(this::read);
    }

    private void read() {
        InputStream out = PtyOutput.of(process);
        byte[] buffer = new byte[READ_CHUNK];
        try {
            int n;
            while ((n = out.read(buffer)) >= 0) {
                if (n > 0) {
                    clock.arrived(ByteBuffer.wrap(buffer, 0, n));
                }
            }
        } catch (IOException e) {
            // the shell is gone
        }
    }

    @Override
    public void type(byte[] bytes) {
        try {
            input.write(bytes);
            input.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the local shell took no input", e);
        }
    }

    @Override
    public OutputClock clock() {
        return clock;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
