package dev.porthole.server.ciconfig;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilePatternTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "docs/**/*, docs/index.md, true",
        "docs/**/*, docs/a/b/index.md, true",
        "docs/**/*, src/index.md, false",
        "**/*.md, README.md, true",
        "**/*.md, a/b/README.md, true",
        "*.md, a/README.md, false",
        "*.md, .hidden.md, true",
        "/src/*.sh, src/main.sh, true",
        "src/*.sh, src/sub/main.sh, false",
        "src/**/test/**/*.java, src/test/A.java, true",
        "src/**/test/**/*.java, src/x/test/y/A.java, true",
        "'{src,lib}/*.c', lib/a.c, true",
        "'{src,lib}/*.c', bin/a.c, false",
        "file?.txt, file1.txt, true",
        "file?.txt, file/.txt, false",
    })
    void matchesAsGitLabDoes(String pattern, String path, boolean expected) {
        assertThat(FilePattern.of(pattern).matches(path)).isEqualTo(expected);
    }
}
