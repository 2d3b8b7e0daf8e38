package dev.porthole.runner.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskerTest {
    private static String run(SecretMasker masker, String... writes) {
        var out = new ByteArrayOutputStream();
        for (String write : writes) {
            out.writeBytes(masker.process(write.getBytes(StandardCharsets.UTF_8)));
        }
        out.writeBytes(masker.flush());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void masksASecretInOneWrite() {
        var masker = new SecretMasker(List.of("s3cr3t-value"), List.of());
        assertThat(run(masker, "token=s3cr3t-value; done\n")).isEqualTo("token=[MASKED]; done\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 11})
    void masksASecretSplitAcrossWrites(int split) {
        var masker = new SecretMasker(List.of("s3cr3t-value"), List.of());
        String text = "token=s3cr3t-value!";
        int at = "token=".length() + split;
        assertThat(run(masker, text.substring(0, at), text.substring(at))).isEqualTo("token=[MASKED]!");
    }

    @Test
    void masksASecretSplitOverManyWrites() {
        var masker = new SecretMasker(List.of("abcdefgh"), List.of());
        assertThat(run(masker, "x a", "b", "c", "d", "e", "f", "g", "h y")).isEqualTo("x [MASKED] y");
    }

    @Test
    void holdsBackOnlyWhatCouldStartASecret() {
        var masker = new SecretMasker(List.of("password1"), List.of());
        assertThat(new String(
                        masker.process("no secrets pass".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("no secrets ");
        assertThat(new String(masker.flush(), StandardCharsets.UTF_8)).isEqualTo("pass");
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        var masker = new SecretMasker(List.of("abc", "abcdef"), List.of());
        assertThat(run(masker, "[abcdef] [abc]")).isEqualTo("[[MASKED]] [[MASKED]]");
    }

    @Test
    void aLongerSecretSplitAcrossWritesIsNotCutShortByAShorterOneItStartsWith() {
        var masker = new SecretMasker(List.of("abc", "abcdef"), List.of());
        assertThat(run(masker, "[abc", "def] [abc]")).isEqualTo("[[MASKED]] [[MASKED]]");
    }

    @Test
    void repeatedAndAdjacentSecrets() {
        var masker = new SecretMasker(List.of("xyz"), List.of());
        assertThat(run(masker, "xyzxyz-xy", "z")).isEqualTo("[MASKED][MASKED]-[MASKED]");
    }

    @Test
    void tokensWithKnownPrefixesKeepThePrefixOnly() {
        var masker = new SecretMasker(List.of(), List.of("glpat-"));
        assertThat(run(masker, "use glpat-abcdefghij", "klmnopqrstuv now; glpat-short"))
                .isEqualTo("use glpat-[MASKED] now; glpat-short");
    }

    @Test
    void aPrefixedTokenAtTheVeryEndIsStillMasked() {
        var masker = new SecretMasker(List.of(), List.of("glcbt-"));
        assertThat(run(masker, "glcbt-0123456789abcdefghijklmn")).isEqualTo("glcbt-[MASKED]");
    }

    @Test
    void multibyteTextPassesUnchanged() {
        var masker = new SecretMasker(List.of("geheim"), List.of());
        assertThat(run(masker, "grüße ✓ geheim ✓")).isEqualTo("grüße ✓ [MASKED] ✓");
    }

    @Test
    void emptySecretsAreIgnored() {
        var masker = new SecretMasker(List.of(""), List.of());
        assertThat(run(masker, "nothing to hide")).isEqualTo("nothing to hide");
    }
}
