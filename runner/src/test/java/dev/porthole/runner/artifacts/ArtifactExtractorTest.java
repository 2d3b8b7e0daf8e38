package dev.porthole.runner.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactExtractorTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    @Test
    void extractsWhatTheArchiverStoredOverwritingFilesAlreadyThere() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("dist/sub"));
        Files.writeString(project.resolve("dist/a.txt"), "new a");
        Files.writeString(project.resolve("dist/sub/b.txt"), "new b");
        Path zip = dir.resolve("artifacts.zip");
        ArtifactArchiver.archive(project, List.of("dist"), List.of(), false, zip, log::add);
        Path target = Files.createDirectories(dir.resolve("target/dist"));
        Files.writeString(target.resolve("a.txt"), "old a, longer than the new one");

        int written = ArtifactExtractor.extract(zip, dir.resolve("target"), log::add);

        assertThat(written).isEqualTo(2);
        assertThat(target.resolve("a.txt")).hasContent("new a");
        assertThat(target.resolve("sub/b.txt")).hasContent("new b");
    }

    @Test
    void createsTheTargetDirectoryAndDirectoryEntries() throws IOException {
        Path zip = zipOf("empty/", "x/y/file");

        int written = ArtifactExtractor.extract(zip, dir.resolve("new/target"), log::add);

        assertThat(written).isEqualTo(1);
        assertThat(dir.resolve("new/target/empty")).isDirectory();
        assertThat(dir.resolve("new/target/x/y/file")).hasContent("x/y/file");
    }

    @Test
    void refusesAnEntryClimbingOutOfTheTarget() throws IOException {
        Path zip = zipOf("fine.txt", "../evil");
        Path target = Files.createDirectories(dir.resolve("target"));

        assertThatThrownBy(() -> ArtifactExtractor.extract(zip, target, log::add))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("../evil");
        assertThat(dir.resolve("evil")).doesNotExist();
        // Every entry is checked before any is written.
        assertThat(target.resolve("fine.txt")).doesNotExist();
    }

    @Test
    void refusesAnEntryClimbingOutFromInside() throws IOException {
        Path zip = zipOf("a/b/../../../evil");

        assertThatThrownBy(() -> ArtifactExtractor.extract(zip, dir.resolve("target"), log::add))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("a/b/../../../evil");
        assertThat(dir.resolve("evil")).doesNotExist();
    }

    @Test
    void refusesAnAbsoluteEntry() throws IOException {
        Path zip = zipOf("/abs");

        assertThatThrownBy(() -> ArtifactExtractor.extract(zip, dir.resolve("target"), log::add))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/abs");
    }

    @Test
    void refusesAnAbsoluteEntryWrittenTheWindowsWay() throws IOException {
        Path zip = zipOf("C:\\Windows\\evil", "..\\evil");

        assertThatThrownBy(() -> ArtifactExtractor.extract(zip, dir.resolve("target"), log::add))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("C:\\Windows\\evil");
    }

    @Test
    void refusesToWriteThroughASymbolicLinkInTheTarget() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.createSymbolicLink(target.resolve("link"), outside);
        Path zip = zipOf("link/evil");

        assertThatThrownBy(() -> ArtifactExtractor.extract(zip, target, log::add))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("link/evil");
        assertThat(outside.resolve("evil")).doesNotExist();
    }

    @Test
    void replacesALinkInTheTargetRatherThanWritingThroughIt() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "untouched");
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.createSymbolicLink(target.resolve("file"), outside);
        Path zip = zipOf("file");

        ArtifactExtractor.extract(zip, target, log::add);

        assertThat(outside).hasContent("untouched");
        assertThat(target.resolve("file")).isRegularFile().hasContent("file");
        assertThat(Files.isSymbolicLink(target.resolve("file"))).isFalse();
    }

    /** A zip whose entries hold their own names, directories (ending in "/") holding nothing. */
    private Path zipOf(String... names) throws IOException {
        Path zip = dir.resolve("test-" + System.nanoTime() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : names) {
                out.putNextEntry(new ZipEntry(name));
                if (!name.endsWith("/")) {
                    out.write(name.getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        return zip;
    }
}
