package dev.porthole.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {
    @TempDir
    Path dir;

    private static ConfigWriter.NewRunner runner(String name) {
        return new ConfigWriter.NewRunner(
                name, "http://ci.example.com", 3, "glrt-" + name + "-token\"q", "shell", null);
    }

    @Test
    void aNewFileIsPrivateAndReadsBack() throws Exception {
        Path file = dir.resolve("sub/config.toml");
        ConfigWriter.appendRunner(file, runner("one"), 4);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        RunnerConfig config = ConfigLoader.load(file).config();
        assertThat(config.concurrent()).isEqualTo(4);
        assertThat(config.runners()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("one");
            assertThat(r.token()).isEqualTo("glrt-one-token\"q");
            assertThat(r.executor()).isEqualTo("shell");
            assertThat(r.id()).isEqualTo(3);
        });
    }

    @Test
    void appendingKeepsWhatTheUserWrote() throws Exception {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, "# my runners\nconcurrent = 2\n\n[session_server]\n  listen_address = \"[::]:8093\"");
        ConfigWriter.appendRunner(file, runner("two"), 9);
        String text = Files.readString(file);
        assertThat(text).startsWith("# my runners\nconcurrent = 2\n");
        var loaded = ConfigLoader.load(file);
        assertThat(loaded.config().concurrent()).isEqualTo(2);
        assertThat(loaded.config().sessionServer()).isPresent();
        assertThat(loaded.config().runners()).extracting(RunnerEntry::name).containsExactly("two");
    }

    @Test
    void removingARunnerTakesItsSubTablesAndLeavesTheRest() throws Exception {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, """
                concurrent = 2

                [[runners]]
                  name = "a"
                  url = "http://ci"
                  token = "ta"
                  executor = "shell"
                  [runners.docker]
                    image = "alpine"

                # keep me
                [[runners]]
                  name = "b"
                  url = "http://ci"
                  token = "tb"
                  executor = "shell"

                [session_server]
                  listen_address = "[::]:8093"
                """);
        ConfigWriter.removeRunners(file, List.of(0));
        var config = ConfigLoader.load(file).config();
        assertThat(config.runners()).extracting(RunnerEntry::name).containsExactly("b");
        assertThat(config.sessionServer()).isPresent();
        assertThat(Files.readString(file)).contains("# keep me").doesNotContain("alpine");
    }

    @Test
    void quotingHandlesEveryCharacterTomlEscapes() {
        assertThat(ConfigWriter.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}
