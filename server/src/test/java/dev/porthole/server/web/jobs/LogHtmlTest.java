package dev.porthole.server.web.jobs;

import static dev.porthole.server.web.jobs.LogSamples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTML the job page starts with: escaped text, styled spans, sections as details with their durations. */
class LogHtmlTest {

    private static String render(String log) {
        var parser = new LogParser();
        List<LogEvent> events = new ArrayList<>(parser.push(bytes(log), 1700000000123L));
        events.addAll(parser.finish());
        return LogHtml.render(events, List.of());
    }

    @Test
    void textIsEscapedAndNeverMarkup() {
        String html = render("<script>alert('x')</script> & <b>\"\n");
        assertThat(html)
                .isEqualTo("<div class=\"log-line\" id=\"L1\" data-at=\"1700000000123\"><span class=\"log-ln\""
                        + " aria-hidden=\"true\">1</span><span class=\"log-text\">&lt;script&gt;alert('x')&lt;/script&gt;"
                        + " &amp; &lt;b&gt;\"</span></div>")
                .doesNotContain("<script>")
                .doesNotContain("<b>");
    }

    @Test
    void sectionsAreDetailsWithTheirDurationAndCollapsedOnesAreClosed() {
        String html = render(LogSamples.RUNNER);
        assertThat(html)
                .contains("<details class=\"log-section\" data-section=\"prepare_executor\" data-start=\"1700000000\""
                        + " open=\"\" data-end=\"1700000002\"><summary class=\"log-line log-section-header\" id=\"L2\"")
                .contains("<span class=\"log-duration\">00:02</span></summary><div class=\"log-section-body\">")
                .contains("<details class=\"log-section\" data-section=\"step_script\" data-start=\"1700000002\""
                        + " data-end=\"1700000065\">")
                .contains("<span class=\"log-duration\">01:03</span>")
                .contains("data-section=\"inner\" data-start=\"1700000003\" data-hide-duration=\"\" open=\"\"")
                .contains("<span class=\"t-fg1\">error:</span> &lt;script&gt;");
        // The inner section hides its duration; every section is closed again.
        assertThat(html.split("log-duration", -1)).hasSize(3);
        assertThat(html.split("<details", -1).length).isEqualTo(html.split("</details>", -1).length);
    }

    @Test
    void aSectionStillOpenIsLeftOpenAndThePreviewIsProvisional() {
        var parser = new LogParser();
        List<LogEvent> events = parser.push(bytes("section_start:1:s\r\u001b[0Kheader\nline\npartial"), null);
        String html = LogHtml.render(events, parser.preview());
        assertThat(html)
                .doesNotContain("data-end")
                .doesNotContain("log-duration")
                .endsWith(
                        "<div class=\"log-line log-provisional\" id=\"L3\"><span class=\"log-ln\" aria-hidden=\"true\">3"
                                + "</span><span class=\"log-text\">partial</span></div></div></details>");
    }

    @Test
    void durationsAsGitLabWritesThem() {
        assertThat(LogHtml.duration(3)).isEqualTo("00:03");
        assertThat(LogHtml.duration(760)).isEqualTo("12:40");
        assertThat(LogHtml.duration(3723)).isEqualTo("1:02:03");
        assertThat(LogHtml.duration(-5)).isEqualTo("00:00");
    }
}
