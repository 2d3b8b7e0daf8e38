package dev.porthole.runner.sources;

import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.runner.process.ChildProcess;
import dev.porthole.runner.trace.JobTrace;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches a job's commit into its project directory, reusing a checkout an earlier job left there (GitLab's
 * {@code fetch} strategy): init or reuse, fetch the job's refspecs, check out the commit, remove untracked files.
 *
 * <p>The job token never reaches the repository's configuration or a command line: the remote is the clone URL
 * without credentials, and the token goes to git as an HTTP header through its environment
 * ({@code GIT_CONFIG_COUNT}, git 2.31 and later), which also spares git the round trip of an unauthenticated first
 * request.
 */
public final class GitSources {
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(30);
    // Written next to git's own files: the remote URL this runner set, so that it is changed only when it changes.
    private static final String REMOTE_MARKER = "porthole-remote-url";

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

    /** A clone URL split into the URL git keeps and the credentials it is sent. */
    record Remote(String url, String authorization) {
        static Remote of(String repoUrl) throws SourcesException {
            try {
                URI uri = new URI(repoUrl);
                if (uri.getUserInfo() == null) {
                    return new Remote(repoUrl, null);
                }
                String url = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
                        .toString();
                String basic =
                        Base64.getEncoder().encodeToString(uri.getUserInfo().getBytes(StandardCharsets.UTF_8));
                return new Remote(url, "Authorization: Basic " + basic);
            } catch (URISyntaxException e) {
                throw new SourcesException("the repository URL the server sent is not valid: " + e.getReason());
            }
        }
    }

    public void fetch(JobPayload.GitInfo git, Path projectDir)
            throws SourcesException, StoppedException, InterruptedException {
        Remote remote = Remote.of(git.repoUrl());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_LFS_SKIP_SMUDGE", "1");
        if (remote.authorization() != null) {
            env.put("GIT_CONFIG_COUNT", "1");
            env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
            env.put("GIT_CONFIG_VALUE_0", remote.authorization());
        }
        try {
            Files.createDirectories(projectDir);
        } catch (IOException e) {
            throw new SourcesException("cannot create " + projectDir + ": " + e.getMessage());
        }
        trace.info(
                git.depth() > 0
                        ? "Fetching changes with git depth set to " + git.depth() + "..."
                        : "Fetching changes...");
        Path gitDir = projectDir.resolve(".git");
        if (Files.isDirectory(gitDir)) {
            trace.line("Reinitialized existing Git repository in " + gitDir + "/");
            if (!remote.url().equals(readMarker(gitDir))) {
                git(env, projectDir, "remote", "set-url", "origin", remote.url());
                writeMarker(gitDir, remote.url());
            }
        } else {
            git(env, projectDir, "init", "--quiet", "--initial-branch", "porthole-unused");
            trace.line("Initialized empty Git repository in " + gitDir + "/");
            trace.line("Created fresh repository.");
            git(env, projectDir, "remote", "add", "origin", remote.url());
            writeMarker(gitDir, remote.url());
        }
        List<String> fetch = new ArrayList<>(List.of(
                "-c",
                "maintenance.auto=false",
                "-c",
                "gc.auto=0",
                "-c",
                "credential.helper=",
                "fetch",
                "origin",
                "--prune",
                "--quiet",
                "--no-recurse-submodules"));
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

    private static String readMarker(Path gitDir) {
        try {
            return Files.readString(gitDir.resolve(REMOTE_MARKER)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void writeMarker(Path gitDir, String url) throws SourcesException {
        try {
            Files.writeString(gitDir.resolve(REMOTE_MARKER), url + "\n");
        } catch (IOException e) {
            throw new SourcesException("cannot write to " + gitDir + ": " + e.getMessage());
        }
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
            outcome = ChildProcess.run(command, directory, env, trace::write, GIT_TIMEOUT, stop, false);
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
