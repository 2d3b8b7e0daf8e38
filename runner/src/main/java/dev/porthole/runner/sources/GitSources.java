package dev.porthole.runner.sources;

import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.runner.process.ChildProcess;
import dev.porthole.runner.trace.JobTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches a job's commit into its project directory, reusing a checkout an earlier job left there (GitLab's
 * {@code fetch} strategy): init or reuse, fetch the job's refspecs, check out the commit, remove untracked files.
 */
public final class GitSources {
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(30);

    private final JobTrace trace;
    private final CompletableFuture<?> stop;

    public GitSources(JobTrace trace, CompletableFuture<?> stop) {
        this.trace = trace;
        this.stop = stop;
    }

    /** Thrown when git failed; its message is already in the job's log. */
    public static final class SourcesException extends Exception {
        private static final long serialVersionUID = 1L;

        SourcesException(String message) {
            super(message);
        }
    }

    /** Thrown when the job was stopped while its sources were fetched. */
    public static final class StoppedException extends Exception {
        private static final long serialVersionUID = 1L;
    }

    public void fetch(JobPayload.GitInfo git, Path projectDir)
            throws SourcesException, StoppedException, InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", "true");
        env.put("GIT_LFS_SKIP_SMUDGE", "1");
        try {
            Files.createDirectories(projectDir);
        } catch (IOException e) {
            throw new SourcesException("cannot create " + projectDir + ": " + e.getMessage());
        }
        trace.info(
                git.depth() > 0
                        ? "Fetching changes with git depth set to " + git.depth() + "..."
                        : "Fetching changes...");
        if (Files.isDirectory(projectDir.resolve(".git"))) {
            trace.line("Reinitialized existing Git repository in " + projectDir + "/.git/");
            git(env, projectDir, "remote", "set-url", "origin", git.repoUrl());
        } else {
            git(env, projectDir, "init", "--quiet", "--initial-branch", "porthole-unused");
            trace.line("Initialized empty Git repository in " + projectDir + "/.git/");
            trace.line("Created fresh repository.");
            git(env, projectDir, "remote", "add", "origin", git.repoUrl());
        }
        List<String> fetch =
                new ArrayList<>(List.of("-c", "credential.helper=", "fetch", "origin", "--prune", "--quiet"));
        if (git.depth() > 0) {
            fetch.add("--depth=" + git.depth());
        }
        fetch.addAll(
                git.refspecs().isEmpty()
                        ? List.of("+refs/heads/" + git.ref() + ":refs/remotes/origin/" + git.ref())
                        : git.refspecs());
        git(env, projectDir, fetch.toArray(String[]::new));
        trace.info(
                "Checking out " + git.sha().substring(0, Math.min(8, git.sha().length())) + " as detached HEAD (ref is "
                        + git.ref() + ")...");
        git(env, projectDir, "-c", "advice.detachedHead=false", "checkout", "--force", "--quiet", git.sha());
        git(env, projectDir, "clean", "-ffdx", "--quiet");
        trace.line("Skipping Git submodules setup");
    }

    /** The git subcommand among the arguments, past any {@code -c key=value} options. */
    private static String subcommand(String... args) {
        int i = 0;
        while (i + 1 < args.length && args[i].equals("-c")) {
            i += 2;
        }
        return args[i];
    }

    private void git(Map<String, String> env, Path directory, String... args)
            throws SourcesException, StoppedException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        ChildProcess.Outcome outcome;
        try {
            outcome = ChildProcess.run(command, directory, env, trace::write, GIT_TIMEOUT, stop);
        } catch (IOException e) {
            throw new SourcesException("cannot run git: " + e.getMessage() + "; is git installed on the runner?");
        }
        switch (outcome) {
            case ChildProcess.Outcome.Exited exited when exited.code() == 0 -> {}
            case ChildProcess.Outcome.Exited exited ->
                throw new SourcesException("git " + subcommand(args) + " failed with exit code " + exited.code());
            case ChildProcess.Outcome.TimedOut timedOut ->
                throw new SourcesException("git took longer than " + GIT_TIMEOUT.toMinutes() + " minutes");
            case ChildProcess.Outcome.Stopped stopped -> throw new StoppedException();
        }
    }
}
