package dev.porthole.runner.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class JobTraceTest {
    private static String all(JobTrace trace) {
        return new String(trace.read(0, Integer.MAX_VALUE), StandardCharsets.UTF_8);
    }

    @Test
    void keepsEverythingAndReadsFromAnyOffset() {
        var trace = new JobTrace(new SecretMasker(List.of(), List.of()), 1024);
        trace.line("first");
        trace.write("second\n".getBytes(StandardCharsets.UTF_8));
        assertThat(all(trace)).isEqualTo("first\nsecond\n");
        assertThat(new String(trace.read(6, 3), StandardCharsets.UTF_8)).isEqualTo("sec");
        assertThat(trace.read(100, 10)).isEmpty();
    }

    @Test
    void theOutputLimitEndsTheLogWithALineThatSaysSo() {
        var trace = new JobTrace(new SecretMasker(List.of(), List.of()), 10);
        trace.write("0123456789ABCDEF".getBytes(StandardCharsets.UTF_8));
        trace.write("more".getBytes(StandardCharsets.UTF_8));
        trace.finish();
        assertThat(all(trace))
                .startsWith("0123456789\n")
                .contains("Job's log exceeded limit of 10 bytes.")
                .contains("no more output will be collected")
                .endsWith("no more output will be collected.\u001b[0;m\n")
                .doesNotContain("ABC");
    }

    @Test
    void masksAndReleasesHeldBytesAtTheEnd() {
        var trace = new JobTrace(new SecretMasker(List.of("hunter2"), List.of()), 1024);
        trace.write("pw: hun".getBytes(StandardCharsets.UTF_8));
        assertThat(all(trace)).isEqualTo("pw: ");
        trace.write("ter2 hu".getBytes(StandardCharsets.UTF_8));
        trace.finish();
        assertThat(all(trace)).isEqualTo("pw: [MASKED] hu");
        trace.write("ignored".getBytes(StandardCharsets.UTF_8));
        assertThat(all(trace)).isEqualTo("pw: [MASKED] hu");
    }

    @Test
    void theChecksumIsGitLabsCrc32() {
        var trace = new JobTrace(new SecretMasker(List.of(), List.of()), 1024);
        trace.write("hello".getBytes(StandardCharsets.UTF_8));
        var crc = new CRC32();
        crc.update("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(trace.checksum()).isEqualTo(String.format("crc32:%08x", crc.getValue()));
    }

    @Test
    void sectionsUseGitLabsMarkers() {
        var trace = new JobTrace(new SecretMasker(List.of(), List.of()), 1024);
        trace.sectionStart("get_sources", "Getting source");
        trace.sectionEnd("get_sources");
        assertThat(all(trace))
                .matches(
                        "(?s)section_start:\\d+:get_sources\r\u001b\\[0K.*Getting source.*section_end:\\d+:get_sources\r\u001b\\[0K");
    }
}
