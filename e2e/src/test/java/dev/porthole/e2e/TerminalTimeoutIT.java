package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A runner whose {@code session_timeout} is short: a job held by a terminal ends when the time is up. */
class TerminalTimeoutIT {
    private static Environment env;
    private static Api api;

    @BeforeAll
    static void runnerWithAShortSessionTimeout() {
        env = Environment.startWithTerminals("terminal-timeout", 6);
        api = env.api();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.stop();
        }
    }

    @Test
    void aJobHeldByItsTerminalEndsAfterTheSessionTimeoutAndClosesTheTerminal() {
        var project = api.pushNewProject("""
                job:
                  tags: [e2e]
                  script:
                    - while [ ! -f terminal-was-here ]; do sleep 0.2; done
                """);
        JsonNode job = TerminalSessionIT.runningJobWithTerminal(api, project);
        long jobId = job.get("id").asLong();
        try (var terminal = TerminalClient.connect(
                TerminalSessionIT.socketUrl(env, job),
                Map.of("PRIVATE-TOKEN", api.token()),
                List.of("v1.terminal.porthole.dev"))) {
            terminal.type("touch terminal-was-here\r");
            api.awaitTrace(project.id(), jobId, "Terminal is connected, will time out in", Duration.ofSeconds(60));
            assertThat(terminal.closed().orTimeout(60, TimeUnit.SECONDS).join()).isNotBlank();
        }
        api.awaitJob(project.id(), jobId, "success", Duration.ofSeconds(60));
        assertThat(api.trace(project.id(), jobId)).contains("terminal session timed out (maximum time allowed - 6s)");
    }
}
