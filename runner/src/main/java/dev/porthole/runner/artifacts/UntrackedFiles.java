package dev.porthole.runner.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The files git neither tracks nor ignores: GitLab's {@code artifacts:untracked} and {@code cache:untracked}. */
final class UntrackedFiles {
    private UntrackedFiles() {}

    /**
     * Lists them relative to the project directory; on any failure of git, logs why and returns empty, since a job's
     * artifacts are worth keeping without its untracked files.
     */
    static Optional<List<String>> list(Path projectDir, Consumer<String> log) throws InterruptedIOException {
        ProcessBuilder builder = new ProcessBuilder("git", "ls-files", "--others", "--exclude-standard", "-z")
                .directory(projectDir.toFile());
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process git;
        try {
            git = builder.start();
        } catch (IOException e) {
            log.accept("WARNING: untracked: cannot run git: " + e.getMessage());
            return Optional.empty();
        }
        closeQuietly(git.getOutputStream());
        // Read aside so that git never blocks on a full error pipe while its output is read here.
        AtomicReference<String> errors = new AtomicReference<>("");
        Thread errorReader = Thread.ofVirtual().start(() -> errors.set(readQuietly(git.getErrorStream())));
        byte[] output;
        try (InputStream in = git.getInputStream()) {
            output = in.readAllBytes();
        } catch (IOException e) {
            git.destroy();
            log.accept("WARNING: untracked: cannot read git's output: " + e.getMessage());
            return Optional.empty();
        }
        int exit;
        try {
            exit = git.waitFor();
            errorReader.join();
        } catch (InterruptedException e) {
            git.destroy();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while git listed the untracked files");
        }
        if (exit != 0) {
            String reason = errors.get().strip();
            log.accept("WARNING: untracked: git ls-files failed with exit code " + exit
                    + (reason.isEmpty() ? "" : ": " + reason));
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(new String(output, StandardCharsets.UTF_8).split("\0"))
                .filter(name -> !name.isEmpty())
                .toList());
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // git reads nothing from it
        }
    }

    private static String readQuietly(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
