package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The server restarts while a job runs: the runner rides it out, no log byte is lost, the job finishes. */
class ServerRestartIT {
    private static final int LINES = 120;
    private static Environment env;

    @BeforeAll
    static void start() {
        env = Environment.start("restart", 1, Duration.ofSeconds(45));
    }

    @AfterAll
    static void stop() {
        env.stop();
    }

    @Test
    void noLogBytesAreLostAcrossARestartAndTheJobFinishes() {
        Api api = env.api();
        var pushed = api.pushNewProject(
                "job:\n  script:\n    - for i in $(seq 1 " + LINES + "); do echo \"line $i\"; sleep 0.1; done\n");
        long id = pushed.id();
        long job = pushed.firstJob(api);
        api.awaitTrace(id, job, "line 10\n", Duration.ofSeconds(60));

        env.server().stop();
        env.server().start();

        JsonNode done = api.awaitJob(id, job, "success", Duration.ofMinutes(2));
        assertThat(done.get("status").asString()).isEqualTo("success");
        String log = api.trace(id, job);
        Matcher lines = Pattern.compile("^line (\\d+)$", Pattern.MULTILINE).matcher(log);
        int expected = 1;
        while (lines.find()) {
            assertThat(Integer.parseInt(lines.group(1)))
                    .as("lines in order, each once")
                    .isEqualTo(expected++);
        }
        assertThat(expected - 1).isEqualTo(LINES);
        assertThat(log).contains("Job succeeded");
    }
}
