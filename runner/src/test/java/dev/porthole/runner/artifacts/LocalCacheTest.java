package dev.porthole.runner.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCacheTest {
    @TempDir
    Path root;

    @TempDir
    Path first;

    @TempDir
    Path second;

    private final List<String> log = new ArrayList<>();

    @Test
    void restoringACacheThatWasNeverSavedFindsNothing() {
        Optional<Path> restored = new LocalCache(root).restore("group/app", "deps", first, log::add);

        assertThat(restored).isEmpty();
        assertThat(log)
                .containsExactly(
                        "Checking cache for deps...", "WARNING: file does not exist", "Failed to extract cache");
    }

    @Test
    void whatOneJobSavesTheNextRestores() throws IOException {
        Files.createDirectories(first.resolve("node_modules/lib"));
        Files.writeString(first.resolve("node_modules/lib/index.js"), "module.exports = 1");
        Files.writeString(first.resolve("source.js"), "not cached");
        LocalCache cache = new LocalCache(root);

        cache.save("group/app", "deps", List.of("node_modules/"), false, first, log::add);
        Optional<Path> restored = cache.restore("group/app", "deps", second, log::add);

        assertThat(restored).contains(root.resolve("group/app/deps/cache.zip"));
        assertThat(second.resolve("node_modules/lib/index.js")).hasContent("module.exports = 1");
        assertThat(second.resolve("source.js")).doesNotExist();
        assertThat(log)
                .containsExactly(
                        "Creating cache deps...",
                        "node_modules/: found 3 matching artifact files and directories",
                        "Created cache",
                        "Checking cache for deps...",
                        "Successfully extracted cache");
        try (Stream<Path> files = Files.list(root.resolve("group/app/deps"))) {
            assertThat(files).containsExactly(root.resolve("group/app/deps/cache.zip"));
        }
    }

    @Test
    void savingAgainReplacesTheCache() throws IOException {
        LocalCache cache = new LocalCache(root);
        Files.writeString(first.resolve("a.txt"), "first");
        cache.save("app", "k", List.of("*.txt"), false, first, log::add);
        Files.delete(first.resolve("a.txt"));
        Files.writeString(first.resolve("b.txt"), "second");
        cache.save("app", "k", List.of("*.txt"), false, first, log::add);

        cache.restore("app", "k", second, log::add);

        assertThat(second.resolve("b.txt")).hasContent("second");
        assertThat(second.resolve("a.txt")).doesNotExist();
    }

    @Test
    void savingNothingKeepsTheCacheThatWasThere() throws IOException {
        LocalCache cache = new LocalCache(root);
        Files.writeString(first.resolve("a.txt"), "kept");
        cache.save("app", "k", List.of("a.txt"), false, first, log::add);
        log.clear();

        cache.save("app", "k", List.of("missing/"), false, second, log::add);

        assertThat(log).doesNotContain("Created cache").anyMatch(line -> line.startsWith("WARNING: no files to cache"));
        cache.restore("app", "k", second, log::add);
        assertThat(second.resolve("a.txt")).hasContent("kept");
    }

    @Test
    void aDamagedCacheIsAWarningNotAFailure() throws IOException {
        Files.createDirectories(root.resolve("app/k"));
        Files.writeString(root.resolve("app/k/cache.zip"), "not a zip");

        Optional<Path> restored = new LocalCache(root).restore("app", "k", first, log::add);

        assertThat(restored).isEmpty();
        assertThat(log).anyMatch(line -> line.startsWith("WARNING: ")).endsWith("Failed to extract cache");
    }

    @Test
    void projectPathsAndKeysThatLeaveTheRootAreRefused() {
        LocalCache cache = new LocalCache(root);

        assertThatThrownBy(() -> cache.restore("../elsewhere", "k", first, log::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../elsewhere");
        assertThatThrownBy(() -> cache.save("/abs", "k", List.of("x"), false, first, log::add))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.restore("app", "..", first, log::add))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
