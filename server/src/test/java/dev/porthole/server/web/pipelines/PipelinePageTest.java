package dev.porthole.server.web.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.WebSession;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.Project;
import dev.porthole.server.trigger.TriggerResult;
import dev.porthole.server.web.jobs.PagesWithRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline page: stages, job cards with their needs and buttons, the JSON it polls, and its actions. */
class PipelinePageTest extends PagesWithRunner {
    private static final String YAML = """
            stages: [build, test, deploy]
            build:
              stage: build
              tags: [TAG]
              script: [make]
            unit:
              stage: test
              tags: [TAG]
              needs: [build]
              script: [test]
            lint:
              stage: test
              tags: [TAG]
              script: [lint]
            deploy:
              stage: deploy
              tags: [TAG]
              when: manual
              script: [deploy]
            later:
              stage: deploy
              tags: [TAG]
              when: delayed
              start_in: 1 hour
              script: [later]
            """;

    private Project project;
    private Pipeline pipeline;
    private String page;

    @BeforeEach
    void aPipeline() {
        cast();
        project = project(YAML);
        pipeline = pipeline(project);
        page = path(project) + "/-/pipelines/" + pipeline.id();
    }

    @Test
    void stagesAreColumnsOfJobCardsWithTheirNeeds() {
        var answer = signedIn(reporter).get(page);
        assertThat(answer.statusCode()).isEqualTo(200);
        String body = answer.body();
        assertThat(body)
                .contains("Pipeline <span class=\"muted\">#" + pipeline.id() + "</span>")
                .contains("Triggered by <strong>" + owner.user().name() + "</strong>")
                .contains("Add CI")
                .contains("<h2 class=\"stage-name\">build</h2>")
                .contains("data-testid=\"job-card-unit\"")
                .contains("data-needs=\"build\"")
                .contains("needs: build")
                .contains("data-state-url=\"" + page + ".json\"")
                .contains("data-live=\"true\"");
        assertThat(body.indexOf("stage-name\">build")).isLessThan(body.indexOf("stage-name\">test"));
        assertThat(body.indexOf("stage-name\">test")).isLessThan(body.indexOf("stage-name\">deploy"));
        // A reporter sees no buttons.
        assertThat(body).doesNotContain("data-job-action").doesNotContain("data-pipeline-action");
    }

    @Test
    void manualAndDelayedJobsSaySoAndDevelopersGetTheirButtons() {
        for (int i = 0; i < 3; i++) {
            succeed(take());
        }
        String body = signedIn(developer).get(page).body();
        assertThat(body)
                .contains("data-field=\"label\">manual</span>")
                .contains("data-field=\"label\">delayed</span>")
                .contains("aria-label=\"Run deploy\"")
                .contains("aria-label=\"Run later now\"")
                .contains("data-pipeline-action=\"cancel\"");
    }

    @Test
    void theJsonCarriesEachJobsStateForThePageToPatch() {
        Job build = take();
        var json = json(signedIn(developer).get(page + ".json"));
        assertThat(json.get("status").asString()).isEqualTo("running");
        assertThat(json.get("live").asBoolean()).isTrue();
        assertThat(json.get("actions").get("cancel").asBoolean()).isTrue();
        var first = json.get("jobs").get(0);
        assertThat(first.get("name").asString()).isEqualTo("build");
        assertThat(first.get("id").asLong()).isEqualTo(build.id());
        assertThat(first.get("actions").get("cancel").asBoolean()).isTrue();
        assertThat(json(signedIn(reporter).get(page + ".json"))
                        .get("actions")
                        .get("cancel")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void cancelingThenRetryingThePipeline() {
        take();
        WebSession visitor = signedIn(developer);
        visitor.get(page);
        var canceled = visitor.post(page + "/cancel", Map.of());
        assertThat(canceled.statusCode()).isEqualTo(302);
        assertThat(canceled.headers().firstValue("Location").orElse("")).endsWith(page);
        assertThat(visitor.get(page).body()).contains("is being canceled");
        Job build = job(pipeline, "build");
        assertThat(build.status()).isEqualTo(JobStatus.CANCELING);
        jobService.reportFromRunner(build, "failed", null, null, null);
        assertThat(job(pipeline, "lint").status()).isEqualTo(JobStatus.CANCELED);

        var retried = visitor.post(page + "/retry", Map.of());
        assertThat(retried.statusCode()).isEqualTo(302);
        String body = visitor.get(page).body();
        assertThat(body).contains("run again").contains("Retried jobs (");
        assertThat(job(pipeline, "build").status()).isEqualTo(JobStatus.PENDING);
        assertThat(job(pipeline, "build").id()).isNotEqualTo(build.id());
    }

    @Test
    void retryingAPipelineWithNothingToRetrySaysSo() {
        WebSession visitor = signedIn(developer);
        visitor.get(page);
        visitor.post(page + "/retry", Map.of());
        assertThat(visitor.get(page).body()).contains("has no failed or canceled jobs to retry");
    }

    @Test
    void anInvalidConfigurationShowsItsErrors() {
        Project broken = project("build:\n  script: [make]\n  when: sometimes\n");
        var result = trigger.forRef(broken, "main", "web", owner.user().id(), List.of());
        assertThat(result).isInstanceOf(TriggerResult.Invalid.class);
        Pipeline failed = ((TriggerResult.Invalid) result).pipeline();
        var body = signedIn(reporter)
                .get(path(broken) + "/-/pipelines/" + failed.id())
                .body();
        assertThat(body)
                .contains("data-testid=\"yaml-errors\"")
                .contains("is not valid")
                .contains("when");
    }

    @Test
    void deniedAsGitLabDeniesIt() {
        assertThat(anonymousVisitor().get(page).statusCode()).isEqualTo(302);
        assertThat(anonymousVisitor().get(page + ".json").statusCode()).isEqualTo(302);
        WebSession outsider = signedIn(stranger);
        assertThat(outsider.get(page).statusCode()).isEqualTo(404);
        assertThat(outsider.get(page + ".json").statusCode()).isEqualTo(404);
        assertThat(outsider.post(page + "/cancel", Map.of()).statusCode()).isEqualTo(404);
        WebSession reader = signedIn(reporter);
        reader.get(page);
        assertThat(reader.post(page + "/cancel", Map.of()).statusCode()).isEqualTo(403);
        assertThat(reader.post(page + "/retry", Map.of()).statusCode()).isEqualTo(403);
        WebSession member = signedIn(developer);
        member.get(page);
        assertThat(member.postRaw(page + "/cancel", Map.of()).statusCode()).isEqualTo(403);
        assertThat(job(pipeline, "build").status()).isEqualTo(JobStatus.PENDING);
        var unknown = member.get(path(project) + "/-/pipelines/999999999");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Pipeline #999999999 does not exist");
        Pipeline elsewhere = pipeline(project(YAML));
        assertThat(member.get(path(project) + "/-/pipelines/" + elsewhere.id()).statusCode())
                .isEqualTo(404);
        assertThat(member.post(path(project) + "/-/pipelines/" + elsewhere.id() + "/cancel", Map.of())
                        .statusCode())
                .isEqualTo(404);
    }
}
