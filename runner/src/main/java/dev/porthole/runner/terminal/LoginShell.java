package dev.porthole.runner.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A new login bash on a PTY (pty4j) for each connection, in the job's build directory with the job's environment:
 * what the job's script saw, plus {@code TERM=xterm-256color}. The shell leads a session of its own, so closing it
 * can find and kill everything it started.
 */
public final class LoginShell implements InteractiveTerminal {
    /** How long a shell has to exit after EOT before it and everything it started are killed. */
    public static final Duration EOT_GRACE = Duration.ofSeconds(2);

    static {
        usePrivateNativeFolder();
    }

    private final Path directory;
    private final Map<String, String> environment;
    private final Duration grace;

    /**
     * @param directory where the shell starts: the job's build directory
     * @param environment exactly the environment the job's script had
     */
    public LoginShell(Path directory, Map<String, String> environment) {
        this(directory, environment, EOT_GRACE);
    }

    public LoginShell(Path directory, Map<String, String> environment, Duration grace) {
        this.directory = directory;
        this.environment = Map.copyOf(environment);
        this.grace = grace;
    }

    @Override
    public TerminalProcess start(TerminalSize size) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("TERM", "xterm-256color");
        PtyProcess process = new PtyProcessBuilder(new String[] {bash(env), "--login"})
                .setDirectory(directory.toString())
                .setEnvironment(env)
                .setInitialColumns(size.columns())
                .setInitialRows(size.rows())
                .setRedirectErrorStream(true)
                .setConsole(false)
                .start();
        return new PtyShell(process, grace);
    }

    /** The first bash on the job's {@code PATH}, as the script found it; {@code /bin/bash} otherwise. */
    private static String bash(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "bash"))) {
                return Path.of(dir, "bash").toString();
            }
        }
        return "/bin/bash";
    }

    /**
     * pty4j unpacks its native library into a new temporary folder at every start unless told where: one folder per
     * user, reused, keeps {@code /tmp} from filling up.
     */
    private static void usePrivateNativeFolder() {
        if (System.getProperty("pty4j.tmpdir") != null) {
            return;
        }
        Path folder = Path.of(
                System.getProperty("java.io.tmpdir"),
                "porthole-pty4j-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_"));
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            }
            System.setProperty("pty4j.tmpdir", folder.toString());
        } catch (IOException | UnsupportedOperationException e) {
            // pty4j falls back to a fresh temporary folder of its own
        }
    }
}
