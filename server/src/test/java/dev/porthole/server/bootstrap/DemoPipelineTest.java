package dev.porthole.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.ciconfig.CiConfig;
import dev.porthole.server.ciconfig.CiConfigCompiler;
import dev.porthole.server.ciconfig.JobDefinition;
import dev.porthole.server.ciconfig.VariableDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo's pipeline is the first one people see: it must compile, with the jobs the README promises. */
class DemoPipelineTest {
    @Test
    void theDemoPipelineCompilesWithItsLongJobAndItsHeldFlakyTest() throws Exception {
        CiConfig config = CiConfigCompiler.compile(demoYaml());
        assertThat(config.jobs()).extracting(JobDefinition::name).contains("long job", "flaky test", "deploy");
        JobDefinition flaky = config.jobs().stream()
                .filter(job -> job.name().equals("flaky test"))
                .findFirst()
                .orElseThrow();
        assertThat(flaky.variables()).contains(new VariableDefinition("PORTHOLE_DEBUG_HOLD", "10m", false));
        assertThat(flaky.script()).last().isEqualTo("exit 3");
    }

    private static String demoYaml() throws IOException {
        try (InputStream in = DemoProject.class.getClassLoader().getResourceAsStream("demo/gitlab-ci.yml")) {
            assertThat(in).as("demo/gitlab-ci.yml on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
