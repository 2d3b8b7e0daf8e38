package dev.porthole.runner.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheKeysTest {
    @TempDir
    Path project;

    @Test
    void aPlainKeyIsUsedAsItIs() throws IOException {
        assertThat(CacheKeys.key("node-modules-main", null, null, project)).isEqualTo("node-modules-main");
        assertThat(CacheKeys.key("k", List.of(), "ignored", project)).isEqualTo("k");
    }

    @Test
    void noKeyIsTheDefaultKey() throws IOException {
        assertThat(CacheKeys.key(null, null, null, project)).isEqualTo("default");
        assertThat(CacheKeys.key("  ", List.of(), null, project)).isEqualTo("default");
    }

    @Test
    void theKeyOfFilesIsTheSha256OfTheirContentsInOrder() throws Exception {
        Files.writeString(project.resolve("package-lock.json"), "lock");
        Files.writeString(project.resolve("yarn.lock"), "yarn");

        String key = CacheKeys.key("ignored", List.of("package-lock.json", "yarn.lock"), null, project);

        assertThat(key).isEqualTo(sha256("lockyarn"));
    }

    @Test
    void sameContentsGiveTheSameKeyAndOtherContentsAnother() throws IOException {
        Files.writeString(project.resolve("Gemfile.lock"), "rails 7");
        String first = CacheKeys.key(null, List.of("Gemfile.lock"), null, project);
        String again = CacheKeys.key(null, List.of("Gemfile.lock"), null, project);
        Files.writeString(project.resolve("Gemfile.lock"), "rails 8");
        String changed = CacheKeys.key(null, List.of("Gemfile.lock"), null, project);

        assertThat(again).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first).hasSize(64);
    }

    @Test
    void thePrefixComesBeforeTheHash() throws Exception {
        Files.writeString(project.resolve("go.sum"), "sum");

        assertThat(CacheKeys.key(null, List.of("go.sum"), "go", project)).isEqualTo("go-" + sha256("sum"));
    }

    @Test
    void aMissingFileContributesNothing() throws Exception {
        Files.writeString(project.resolve("present"), "here");

        assertThat(CacheKeys.key(null, List.of("missing", "present"), null, project))
                .isEqualTo(CacheKeys.key(null, List.of("present"), null, project))
                .isEqualTo(sha256("here"));
    }

    @Test
    void whenNoFileExistsTheKeyIsTheDefault() throws IOException {
        assertThat(CacheKeys.key("ignored", List.of("missing"), null, project)).isEqualTo("default");
        assertThat(CacheKeys.key("ignored", List.of("missing", "gone"), "deps", project))
                .isEqualTo("deps-default");
    }

    @Test
    void keysThatAreNotOneDirectoryNameAreRefused() {
        for (String key : List.of("a/b", "../up", ".", "..", "%2e%2E", "a%2Fb", "a\\b")) {
            assertThatThrownBy(() -> CacheKeys.key(key, null, null, project))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(key);
        }
    }

    @Test
    void aPrefixWithASlashIsRefused() throws IOException {
        Files.writeString(project.resolve("f"), "x");

        assertThatThrownBy(() -> CacheKeys.key(null, List.of("f"), "a/b", project))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("single directory name");
    }

    @Test
    void filesOutsideTheProjectAreRefused() {
        assertThatThrownBy(() -> CacheKeys.key(null, List.of("../secret"), null, project))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../secret");
    }

    @Test
    void moreThanTwoFilesAreRefused() {
        assertThatThrownBy(() -> CacheKeys.key(null, List.of("a", "b", "c"), null, project))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one or two files");
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
