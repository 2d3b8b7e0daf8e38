package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A script drives everything through the API with PRIVATE-TOKEN, by id and by encoded path. */
class ApiFlowIT extends OnSharedEnvironment {

    @Test
    void createRunReadRetryAndCancelThroughTheApi() {
        var pushed =
                api.pushNewProject("quick:\n  script: echo \"run $CI_PIPELINE_SOURCE\"\nslow:\n  script: sleep 300\n");
        long id = pushed.id();
        String path = pushed.path();
        assertThat(api.get("/projects/" + Api.encode(path)).get("id").asLong()).isEqualTo(id);
        long pushedPipeline = pushed.pipeline();

        JsonNode created = api.post("/projects/" + Api.encode(path) + "/pipeline?ref=main", null);
        long pipeline = created.get("id").asLong();
        assertThat(pipeline).isGreaterThan(pushedPipeline);
        assertThat(created.get("ref").asString()).isEqualTo("main");

        long quick = api.job(id, pipeline, "quick").get("id").asLong();
        long slow = api.job(id, pipeline, "slow").get("id").asLong();
        api.awaitJob(id, quick, "success", Duration.ofSeconds(60));
        assertThat(api.trace(id, quick)).contains("run api");

        JsonNode retried = api.post("/projects/" + id + "/jobs/" + quick + "/retry", Map.of());
        assertThat(retried.get("id").asLong()).isNotEqualTo(quick);
        api.awaitJob(id, retried.get("id").asLong(), "success", Duration.ofSeconds(60));

        api.awaitJob(id, slow, "running", Duration.ofSeconds(60));
        JsonNode canceled = api.post("/projects/" + id + "/pipelines/" + pipeline + "/cancel", Map.of());
        assertThat(canceled.get("id").asLong()).isEqualTo(pipeline);
        api.awaitJob(id, slow, "canceled", Duration.ofSeconds(60));
        assertThat(api.awaitPipeline(id, pipeline, Duration.ofSeconds(30))
                        .get("status")
                        .asString())
                .isEqualTo("canceled");

        api.post("/projects/" + id + "/pipelines/" + pushedPipeline + "/cancel", Map.of());
        api.awaitPipeline(id, pushedPipeline, Duration.ofSeconds(60));
    }

    @Test
    void errorsAreGitLabs() {
        assertThat(api.request("GET", "/projects/999999", null).status()).isEqualTo(404);
        assertThat(new Api(env.server().url(), "glpat-wrong")
                        .request("GET", "/user", null)
                        .status())
                .isEqualTo(401);
        var noRef = api.request(
                "POST",
                "/projects/"
                        + api.createProject("e-" + UUID.randomUUID().toString().substring(0, 8))
                                .get("id")
                                .asLong() + "/pipeline",
                null);
        assertThat(noRef.status()).isEqualTo(400);
        assertThat(noRef.json().get("message").get("ref").get(0).asString()).isEqualTo("is missing");
    }
}
