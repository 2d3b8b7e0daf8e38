package dev.porthole.runner.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactArchiverTest {
    @TempDir
    Path project;

    @TempDir
    Path out;

    private final List<String> log = new ArrayList<>();

    @Test
    void aDirectoryMeansEverythingUnderItWithOrWithoutTheSlash() throws IOException {
        write("dist/app.js", "dist/sub/deep/style.css", "other.txt");

        Archive withSlash = archive(List.of("dist/"), List.of(), zip("a.zip"));
        Archive withoutSlash = archive(List.of("dist"), List.of(), zip("b.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("dist/app.js", "dist/sub/deep/style.css");
        assertThat(entries(zip("b.zip"))).containsExactly("dist/app.js", "dist/sub/deep/style.css");
        assertThat(withSlash).isEqualTo(withoutSlash);
        assertThat(withSlash.files()).isEqualTo(2);
        // dist, dist/app.js, dist/sub, dist/sub/deep, dist/sub/deep/style.css
        assertThat(log).contains("dist/: found 5 matching artifact files and directories");
        assertThat(log).contains("dist: found 5 matching artifact files and directories");
    }

    @Test
    void aStarMatchesWithinOneDirectory() throws IOException {
        write("a.log", "b.log", "c.txt", "sub/d.log");

        archive(List.of("*.log"), List.of(), zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("a.log", "b.log");
    }

    @Test
    void aStarMatchingADirectoryTakesItsContents() throws IOException {
        write("reports/unit/junit.xml", "reports/unit/other.xml", "reports/it/junit.xml", "reports/junit.xml");

        archive(List.of("reports/*/junit.xml"), List.of(), zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("reports/it/junit.xml", "reports/unit/junit.xml");
    }

    @Test
    void aDoubleStarMatchesAnyNumberOfDirectoriesIncludingNone() throws IOException {
        write("build/a.jar", "build/x/b.jar", "build/x/y/c.jar", "build/x/readme.txt", "lib/d.jar");

        archive(List.of("build/**/*.jar"), List.of(), zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("build/a.jar", "build/x/b.jar", "build/x/y/c.jar");
    }

    @Test
    void aLeadingDoubleStarSearchesTheWholeProject() throws IOException {
        write("top.xml", "a/b/deep.xml", "a/b/deep.txt");

        archive(List.of("**/*.xml"), List.of(), zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("a/b/deep.xml", "top.xml");
    }

    @Test
    void aQuestionMarkMatchesOneCharacter() throws IOException {
        write("file1.txt", "file2.txt", "file10.txt", "file.txt");

        archive(List.of("file?.txt"), List.of(), zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("file1.txt", "file2.txt");
    }

    @Test
    void excludedFilesAndDirectoriesAreLeftOut() throws IOException {
        write("dist/app.js", "dist/app.js.map", "dist/sub/lib.js.map", "dist/tmp/scratch", "dist/tmp/more/scratch");

        Archive archive = archive(List.of("dist/"), List.of("dist/**/*.map", "dist/tmp"), zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("dist/app.js");
        assertThat(archive.files()).isEqualTo(1);
        assertThat(log).contains("dist/**/*.map: excluded 2 files", "dist/tmp: excluded 2 files");
    }

    @Test
    void untrackedAddsWhatGitNeitherTracksNorIgnores() throws Exception {
        write("tracked.txt", "ignored.log", "new.txt", "sub/also-new.txt");
        Files.writeString(project.resolve(".gitignore"), "*.log\n");
        git("init", "--quiet");
        git("add", "tracked.txt", ".gitignore");
        git(
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
                "commit",
                "--quiet",
                "-m",
                "first");

        archive(List.of(), List.of(), true, zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("new.txt", "sub/also-new.txt");
        assertThat(log).contains("untracked: found 2 files");
    }

    @Test
    void untrackedFilesAreExcludedToo() throws Exception {
        write("keep.txt", "drop.tmp");
        git("init", "--quiet");

        archive(List.of(), List.of("*.tmp"), true, zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("keep.txt");
    }

    @Test
    void whenGitFailsTheOtherPathsAreStillArchived() throws IOException {
        // Not a repository: git ls-files fails (unless the temporary directory is inside one, which it is not here).
        write("dist/app.js", "loose.txt");

        archive(List.of("dist/"), List.of(), true, zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("dist/app.js");
        assertThat(log).anyMatch(line -> line.startsWith("WARNING: untracked: "));
    }

    @Test
    void patternsLeavingTheProjectDirectoryAreSkipped() throws IOException {
        write("dist/app.js");
        Files.writeString(out.resolve("secret.txt"), "secret");

        archive(
                List.of(
                        "../" + out.getFileName() + "/secret.txt",
                        "dist/../../x",
                        out.resolve("secret.txt").toString(),
                        "/etc/passwd",
                        "dist/"),
                List.of(),
                zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("dist/app.js");
        assertThat(log.stream().filter(line -> line.contains("is not a subpath of project directory")))
                .hasSize(4)
                .allMatch(line -> line.startsWith("WARNING: ") && line.endsWith(", skipped"));
    }

    @Test
    void anAbsolutePatternInsideTheProjectIsRelativeToIt() throws IOException {
        write("dist/app.js");

        archive(List.of(project.resolve("dist").toString()), List.of(), zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("dist/app.js");
    }

    @Test
    void aPatternMatchingNothingIsAWarningAndNoZipIsWritten() throws IOException {
        Archive archive = archive(List.of("reports/*.xml"), List.of(), zip("a.zip"));

        assertThat(archive).isEqualTo(new Archive(0, 0, true));
        assertThat(zip("a.zip")).doesNotExist();
        assertThat(log)
                .containsExactly("WARNING: reports/*.xml: no matching files. Ensure that the artifact path is relative"
                        + " to the working directory (" + project + ")");
    }

    @Test
    void entriesAreSortedWhateverTheOrderFilesWereMadeIn() throws IOException {
        write("z.txt", "m/b.txt", "B.txt", "a.txt", "m/a/c.txt", "a/z.txt");

        archive(List.of("z.txt", "m", "*.txt", "a"), List.of(), zip("a.zip"));
        archive(List.of("a", "*.txt", "m", "z.txt"), List.of(), zip("b.zip"));

        assertThat(entries(zip("a.zip")))
                .containsExactly("B.txt", "a.txt", "a/z.txt", "m/a/c.txt", "m/b.txt", "z.txt")
                .isEqualTo(entries(zip("b.zip")));
    }

    @Test
    void theArchiveCountsFilesAndTheirBytes() throws IOException {
        Files.createDirectories(project.resolve("dist"));
        Files.writeString(project.resolve("dist/a"), "12345");
        Files.writeString(project.resolve("dist/b"), "678");

        Archive archive = archive(List.of("dist", "dist/a"), List.of(), zip("a.zip"));

        assertThat(archive).isEqualTo(new Archive(2, 8, false));
        assertThat(contentOf(zip("a.zip"), "dist/a")).isEqualTo("12345");
    }

    @Test
    void linksLeavingTheProjectAreSkippedAndLinksInsideAreStoredAsTheirFile() throws IOException {
        write("dist/real.txt");
        Files.writeString(out.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(project.resolve("dist/outside.txt"), out.resolve("secret.txt"));
        Files.createSymbolicLink(project.resolve("dist/outside-dir"), out);
        Files.createSymbolicLink(project.resolve("dist/inside.txt"), project.resolve("dist/real.txt"));

        archive(List.of("dist/", "dist/outside-dir/secret.txt"), List.of(), zip("a.zip"));

        assertThat(entries(zip("a.zip"))).containsExactly("dist/inside.txt", "dist/real.txt");
        assertThat(contentOf(zip("a.zip"), "dist/inside.txt")).isEqualTo("dist/real.txt");
        assertThat(log)
                .anyMatch(line -> line.startsWith("WARNING: dist/outside.txt: symbolic link to ")
                        && line.endsWith("outside the project directory, skipped"))
                .contains("WARNING: dist/outside-dir/secret.txt: dist/outside-dir is a symbolic link, not followed");
    }

    private Archive archive(List<String> paths, List<String> exclude, Path zip) throws IOException {
        return archive(paths, exclude, false, zip);
    }

    private Archive archive(List<String> paths, List<String> exclude, boolean untracked, Path zip) throws IOException {
        return ArtifactArchiver.archive(project, paths, exclude, untracked, zip, log::add);
    }

    private Path zip(String name) {
        return out.resolve(name);
    }

    /** Creates each file with its own path as its contents. */
    private void write(String... files) throws IOException {
        for (String file : files) {
            Path path = project.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file);
        }
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as(output).isZero();
    }

    static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    static String contentOf(Path zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " is not in " + zip);
    }
}
