package dev.porthole.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A local git repository driven with the real {@code git} command, pushing to a Porthole project. */
public final class GitWorkTree {
    private final Path dir;
    private final String remote;

    private GitWorkTree(Path dir, String remote) {
        this.dir = dir;
        this.remote = remote;
    }

    /** A fresh repository on branch main whose origin is the project's clone URL with these credentials. */
    public static GitWorkTree init(String serverUrl, String projectPath, String user, String secret) {
        Path dir = ServerProcess.createDirectory("porthole-git");
        String remote = serverUrl.replace("://", "://" + user + ":" + secret + "@") + "/" + projectPath + ".git";
        var tree = new GitWorkTree(dir, remote);
        tree.git("init", "--quiet", "--initial-branch", "main");
        tree.git("remote", "add", "origin", remote);
        return tree;
    }

    /** A clone of a project from its clone URL, as its page shows it, fetching and pushing with these credentials. */
    public static GitWorkTree cloneOf(String cloneUrl, String user, String secret) {
        Path dir = ServerProcess.createDirectory("porthole-git");
        String remote = cloneUrl.replace("://", "://" + user + ":" + secret + "@");
        var tree = new GitWorkTree(dir, remote);
        tree.git("clone", "--quiet", remote, ".");
        return tree;
    }

    public Path dir() {
        return dir;
    }

    public GitWorkTree write(String file, String content) {
        try {
            Path path = dir.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits everything; returns the new commit's sha. */
    public String commit(String message) {
        git("add", "--all");
        git(
                "-c",
                "user.name=Porthole Tests",
                "-c",
                "user.email=tests@porthole.invalid",
                "commit",
                "--quiet",
                "-m",
                message);
        return git("rev-parse", "HEAD").strip();
    }

    /** Pushes main; returns what git printed (the server's messages included). */
    public String push() {
        return git("push", "--quiet", "origin", "main");
    }

    /** Runs git, expecting success; returns its output. */
    public String git(String... args) {
        Result result = run(args);
        if (result.code() != 0) {
            throw new IllegalStateException(
                    "git " + String.join(" ", args) + " failed (" + result.code() + "):\n" + result.output());
        }
        return result.output();
    }

    /** What a git command printed, and its exit code. */
    public record Result(int code, String output) {}

    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().put("GIT_TERMINAL_PROMPT", "0");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, output + "\n(timed out)");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
