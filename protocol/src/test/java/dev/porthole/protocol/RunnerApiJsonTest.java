package dev.porthole.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.protocol.runnerapi.ExecutorOptions;
import dev.porthole.protocol.runnerapi.JobImage;
import dev.porthole.protocol.runnerapi.JobPayload;
import dev.porthole.protocol.runnerapi.JobVariable;
import dev.porthole.protocol.runnerapi.RunnerApiJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wire names are GitLab's: snake_case, with the irregular ones spelled out. */
class RunnerApiJsonTest {
    @Test
    void variablesUseGitLabsNamesIncludingPublic() {
        String json = RunnerApiJson.mapper().writeValueAsString(JobVariable.secret("CI_JOB_TOKEN", "t"));
        assertThat(json)
                .contains("\"key\":\"CI_JOB_TOKEN\"")
                .contains("\"public\":false")
                .contains("\"masked\":true")
                .contains("\"raw\":false");
    }

    @Test
    void anImageWithoutOptionsSerialisesEmptyExecutorOptions() {
        String json = RunnerApiJson.mapper()
                .writeValueAsString(new JobImage("alpine", null, ExecutorOptions.NONE, List.of(), null));
        assertThat(json)
                .contains("\"executor_opts\":{}")
                .contains("\"entrypoint\":null")
                .contains("\"pull_policy\":null");
    }

    @Test
    void unknownFieldsFromNewerPeersAreIgnoredAndProtectedIsRead() {
        var git = RunnerApiJson.mapper()
                .readValue(
                        "{\"repo_url\":\"u\",\"sha\":\"s\",\"protected\":true,\"something_new\":1}",
                        JobPayload.GitInfo.class);
        assertThat(git.repoUrl()).isEqualTo("u");
        assertThat(git.protectedRef()).isTrue();
    }
}
