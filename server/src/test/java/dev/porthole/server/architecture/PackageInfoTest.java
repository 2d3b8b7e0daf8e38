package dev.porthole.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every package of the project's main code says in its package-info.java what belongs there. */
class PackageInfoTest {
    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> missing;
        try (Stream<Path> dirs = Files.walk(root)) {
            missing = dirs.filter(Files::isDirectory)
                    .filter(d -> d.toString().contains("/src/main/java/"))
                    .filter(d -> !d.toString().contains("/target/"))
                    .filter(PackageInfoTest::holdsJava)
                    .filter(d -> !Files.exists(d.resolve("package-info.java")))
                    .toList();
        }
        assertThat(missing).as("packages without a package-info.java").isEmpty();
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            return false;
        }
    }
}
