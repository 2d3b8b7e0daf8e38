package dev.porthole.runner.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Changes {@code config.toml} as {@code register} and {@code unregister} need, in gitlab-runner's layout. Edits
 * are made to the text, so comments and everything else the user wrote stay as they were.
 */
public final class ConfigWriter {
    private static final Pattern RUNNERS_HEADER = Pattern.compile("^\\s*\\[\\[\\s*runners\\s*]]\\s*(#.*)?$");
    private static final Pattern ANY_HEADER = Pattern.compile("^\\s*\\[\\[?\\s*([A-Za-z0-9_.\"-]+)\\s*]]?\\s*(#.*)?$");

    private ConfigWriter() {}

    /**
     * What {@code register} writes for a new runner.
     *
     * @param dockerImage for the docker executor: {@code [runners.docker] image}; null otherwise
     * @param dockerPullPolicy {@code [runners.docker] pull_policy}; empty for the default
     */
    public record NewRunner(
            String name,
            String url,
            long id,
            String token,
            String executor,
            Path buildsDir,
            String dockerImage,
            List<String> dockerPullPolicy) {

        public NewRunner {
            dockerPullPolicy = dockerPullPolicy == null ? List.of() : List.copyOf(dockerPullPolicy);
        }

        /** A runner without docker settings. */
        public NewRunner(String name, String url, long id, String token, String executor, Path buildsDir) {
            this(name, url, id, token, executor, buildsDir, null, List.of());
        }
    }

    /**
     * Adds a {@code [[runners]]} entry. A new file starts with the global settings ({@code concurrent}) and is
     * readable by its owner only, since it holds tokens.
     */
    public static void appendRunner(Path file, NewRunner runner, int concurrentForNewFile) throws IOException {
        StringBuilder text = new StringBuilder();
        boolean exists = Files.exists(file);
        if (!exists) {
            text.append("concurrent = ").append(concurrentForNewFile).append('\n');
            text.append("check_interval = 0\n");
            text.append("shutdown_timeout = 0\n");
        } else {
            String current = Files.readString(file);
            if (!current.isEmpty() && !current.endsWith("\n")) {
                text.append('\n');
            }
        }
        text.append('\n');
        text.append("[[runners]]\n");
        text.append("  name = ").append(quote(runner.name())).append('\n');
        text.append("  url = ").append(quote(runner.url())).append('\n');
        text.append("  id = ").append(runner.id()).append('\n');
        text.append("  token = ").append(quote(runner.token())).append('\n');
        text.append("  token_obtained_at = ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append('\n');
        text.append("  token_expires_at = 0001-01-01T00:00:00Z\n");
        text.append("  executor = ").append(quote(runner.executor())).append('\n');
        if (runner.buildsDir() != null) {
            text.append("  builds_dir = ")
                    .append(quote(runner.buildsDir().toString()))
                    .append('\n');
        }
        if (runner.dockerImage() != null) {
            text.append("  [runners.docker]\n");
            text.append("    image = ").append(quote(runner.dockerImage())).append('\n');
            if (!runner.dockerPullPolicy().isEmpty()) {
                text.append("    pull_policy = [")
                        .append(String.join(
                                ", ",
                                runner.dockerPullPolicy().stream()
                                        .map(ConfigWriter::quote)
                                        .toList()))
                        .append("]\n");
            }
        }
        if (exists) {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } else {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    /**
     * Removes the runner entries at these positions (0-based, in file order), each with its sub-tables such as
     * {@code [runners.docker]}.
     */
    public static void removeRunners(Path file, List<Integer> indexes) throws IOException, ConfigException {
        List<String> lines = Files.readAllLines(file);
        List<int[]> blocks = runnerBlocks(lines);
        for (int index : indexes) {
            if (index >= blocks.size()) {
                throw new ConfigException(file + ": cannot find the [[runners]] entry number " + (index + 1)
                        + "; if runners are written inline (runners = [...]), edit the file by hand");
            }
        }
        List<String> kept = new ArrayList<>();
        for (int line = 0; line < lines.size(); line++) {
            final int current = line;
            boolean removed =
                    indexes.stream().map(blocks::get).anyMatch(block -> current >= block[0] && current < block[1]);
            if (!removed) {
                kept.add(lines.get(line));
            }
        }
        Files.writeString(file, String.join("\n", kept).stripTrailing() + "\n", StandardCharsets.UTF_8);
    }

    /**
     * The line ranges [start, end) of each {@code [[runners]]} entry. Comment lines right above a header belong to
     * the entry below them.
     */
    private static List<int[]> runnerBlocks(List<String> lines) {
        List<int[]> blocks = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            var header = ANY_HEADER.matcher(lines.get(i));
            boolean runners = RUNNERS_HEADER.matcher(lines.get(i)).matches();
            boolean otherTable =
                    header.matches() && !runners && !header.group(1).startsWith("runners.");
            if (start >= 0 && (runners || otherTable)) {
                blocks.add(new int[] {start, leadingComments(lines, i)});
                start = -1;
            }
            if (runners) {
                start = leadingComments(lines, i);
            }
        }
        if (start >= 0) {
            blocks.add(new int[] {start, lines.size()});
        }
        return blocks;
    }

    private static int leadingComments(List<String> lines, int header) {
        int first = header;
        while (first > 0 && lines.get(first - 1).strip().startsWith("#")) {
            first--;
        }
        return first;
    }

    /** A TOML basic string. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
