package dev.porthole.server.web.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.WebSession;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.Project;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job page, its log, its JSON, and its actions, as each kind of visitor gets them. */
class JobPageTest extends PagesWithRunner {
    private static final String YAML = """
            stages: [build, test, deploy]
            build:
              stage: build
              tags: [TAG]
              script: [make]
            lint:
              stage: test
              tags: [TAG]
              script: [lint]
            test:
              stage: test
              tags: [TAG]
              needs: [build]
              script: [test]
            deploy:
              stage: deploy
              tags: [TAG]
              when: manual
              script: [deploy]
            """;

    private Project project;
    private Pipeline pipeline;

    @BeforeEach
    void aProjectWithAPipeline() {
        cast();
        project = project(YAML);
        pipeline = pipeline(project);
    }

    private String jobPath(Job job) {
        return path(project) + "/-/jobs/" + job.id();
    }

    @Test
    void aFailedJobShowsItsHeaderItsColouredLogWithSectionsAndWhyItFailed() {
        Job build = take();
        log(build, "section_start:1700000000:step_script\r\u001b[0K\u001b[32;1m$ make\u001b[0;m\n");
        log(build, "\u001b[31mcompile error\u001b[0m in <script>x</script>\n");
        log(build, "section_end:1700000007:step_script\r\u001b[0K");
        fail(build);

        var page = signedIn(developer).get(jobPath(build));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("build")
                .contains("#" + build.id())
                .contains(
                        "Started by <strong class=\"job-user\">" + owner.user().name())
                .contains("on runner <strong>page test runner</strong> <span>#" + runner.id() + "</span>")
                .contains("href=\"" + path(project) + "/-/pipelines/" + pipeline.id() + "\"")
                .contains("data-status=\"failed\"")
                .contains("There has been a script failure. Check the job log for more information")
                .contains("(exit code 2)")
                .contains("<details class=\"log-section\" data-section=\"step_script\" data-start=\"1700000000\"")
                .contains("<span class=\"log-duration\">00:07</span>")
                .contains("<span class=\"t-fg1\">compile error</span> in &lt;script&gt;x&lt;/script&gt;")
                .doesNotContain("<script>x</script>")
                .contains("data-testid=\"debug-slot\"")
                .contains("data-testid=\"debug-slot\" data-job-id=\"" + build.id() + "\" hidden>")
                .contains("data-testid=\"raw-log\"")
                .doesNotContain("data-live=");
        assertThat(form(page, "retry")).as("retry button").doesNotContain(" hidden");
        assertThat(form(page, "cancel")).as("cancel button").contains(" hidden");
        // The other jobs of the stage are listed in the sidebar; this job's stage has only itself.
        assertThat(page.body()).contains("data-testid=\"stage-jobs\"");
    }

    @Test
    void aRunningJobsPageHandsTheStreamTheOffsetAfterItsLastCompleteLine() {
        Job build = take();
        log(build, "one\ntwo\nthr");
        var page = signedIn(reporter).get(jobPath(build));
        assertThat(page.body())
                .contains("data-offset=\"8\"")
                .contains("data-live=\"true\"")
                .contains("data-stream=\"" + jobPath(build) + "/trace.stream\"")
                .contains("class=\"log-line log-provisional\" id=\"L3\"")
                .contains(">thr</span>")
                .contains("&#34;lines&#34;:2");
    }

    @Test
    void aReporterReadsEverythingButGetsNoButtonsAndNoActions() {
        Job build = take();
        fail(build);
        WebSession visitor = signedIn(reporter);
        var page = visitor.get(jobPath(build));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("data-job-action");
        assertThat(visitor.get(jobPath(build) + ".json").statusCode()).isEqualTo(200);
        assertThat(visitor.get(jobPath(build) + "/raw").statusCode()).isEqualTo(200);
        for (String action : new String[] {"retry", "cancel", "play"}) {
            assertThat(visitor.post(jobPath(build) + "/" + action, Map.of()).statusCode())
                    .as(action)
                    .isEqualTo(403);
        }
        assertThat(reload(build).retried()).isFalse();
    }

    @Test
    void othersGetWhatGitLabGivesThem() {
        Job build = take();
        WebSession anonymous = anonymousVisitor();
        for (String suffix : new String[] {"", ".json", "/raw", "/trace.stream"}) {
            var answer = anonymous.get(jobPath(build) + suffix);
            assertThat(answer.statusCode()).as("anonymous " + suffix).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location").orElse("")).contains("/users/sign_in");
            assertThat(signedIn(stranger).get(jobPath(build) + suffix).statusCode())
                    .as("non-member " + suffix)
                    .isEqualTo(404);
        }
        assertThat(anonymous.post(jobPath(build) + "/cancel", Map.of()).statusCode())
                .isIn(302, 403);
        WebSession member = signedIn(developer);
        assertThat(member.post(jobPath(build) + "/cancel", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(signedIn(stranger).post(jobPath(build) + "/retry", Map.of()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void unknownJobsAndJobsOfOtherProjectsAreNotFound() {
        Project other = project(YAML);
        Job elsewhere = job(pipeline(other), "build");
        WebSession visitor = signedIn(developer);
        var unknown = visitor.get(path(project) + "/-/jobs/999999999");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Job #999999999 does not exist");
        assertThat(visitor.get(path(project) + "/-/jobs/" + elsewhere.id()).statusCode())
                .isEqualTo(404);
        assertThat(visitor.get(path(project) + "/-/jobs/" + elsewhere.id() + "/raw")
                        .statusCode())
                .isEqualTo(404);
        assertThat(visitor.post(path(project) + "/-/jobs/" + elsewhere.id() + "/cancel", Map.of())
                        .statusCode())
                .isEqualTo(404);
        assertThat(reload(elsewhere).status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void aFormWithoutTheCsrfTokenChangesNothing() {
        Job build = take();
        WebSession visitor = signedIn(developer);
        visitor.get(jobPath(build));
        assertThat(visitor.postRaw(jobPath(build) + "/cancel", Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(reload(build).status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void cancelingARunningJobAsksItsRunnerToStopIt() {
        Job build = take();
        WebSession visitor = signedIn(developer);
        visitor.get(jobPath(build));
        var answer = visitor.post(jobPath(build) + "/cancel", Map.of());
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElse("")).endsWith(jobPath(build));
        assertThat(reload(build).status()).isEqualTo(JobStatus.CANCELING);
        assertThat(visitor.get(jobPath(build)).body()).contains("is being canceled");

        // Canceling again says why it cannot be done, instead of failing.
        var again = visitor.post(jobPath(build) + "/cancel", Map.of());
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(visitor.get(jobPath(build)).body())
                .contains("Job #" + build.id() + " cannot be canceled: it is canceling now.");
    }

    @Test
    void retryingAFailedJobLandsOnTheNewAttemptStartedByWhoRetriedIt() {
        Job build = take();
        fail(build);
        WebSession visitor = signedIn(developer);
        visitor.get(jobPath(build));
        var answer = visitor.post(jobPath(build) + "/retry", Map.of());
        assertThat(answer.statusCode()).isEqualTo(302);
        Job retry = job(pipeline, "build");
        assertThat(retry.id()).isNotEqualTo(build.id());
        assertThat(retry.userId()).isEqualTo(developer.user().id());
        assertThat(answer.headers().firstValue("Location").orElse("")).endsWith(jobPath(retry));
        var page = visitor.get(jobPath(retry));
        assertThat(page.body())
                .contains("is running again as job #" + retry.id())
                .contains("Triggered by <strong class=\"job-user\">"
                        + developer.user().name());
        assertThat(visitor.get(jobPath(build)).body())
                .contains("This job was retried.")
                .contains("job #" + retry.id());
        // The old attempt cannot be retried twice.
        visitor.post(jobPath(build) + "/retry", Map.of());
        assertThat(visitor.get(jobPath(build)).body()).contains("it was retried already");
    }

    @Test
    void playingAManualJobFromThePipelinePageGoesBackThere() {
        Job build = take();
        succeed(build);
        Job lint = take();
        succeed(lint);
        Job test = take();
        succeed(test);
        Job deploy = job(pipeline, "deploy");
        assertThat(deploy.status()).isEqualTo(JobStatus.MANUAL);
        WebSession visitor = signedIn(developer);
        visitor.get(path(project) + "/-/pipelines/" + pipeline.id());
        var answer = visitor.post(jobPath(deploy) + "/play", Map.of("from", "pipeline"));
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElse(""))
                .endsWith(path(project) + "/-/pipelines/" + pipeline.id());
        assertThat(reload(deploy).status()).isEqualTo(JobStatus.PENDING);
        assertThat(reload(deploy).userId()).isEqualTo(developer.user().id());
        // Playing it again is refused with the reason.
        visitor.post(jobPath(deploy) + "/play", Map.of());
        assertThat(visitor.get(jobPath(deploy)).body()).contains("cannot be started: it is pending now.");
    }

    @Test
    void theJsonSaysWhatThePageScriptPatches() {
        Job build = take();
        var json = json(signedIn(reporter).get(jobPath(build) + ".json"));
        assertThat(json.get("id").asLong()).isEqualTo(build.id());
        assertThat(json.get("status").asString()).isEqualTo("running");
        assertThat(json.get("complete").asBoolean()).isFalse();
        assertThat(json.get("started_at").asLong()).isPositive();
        assertThat(json.get("actions").get("cancel").asBoolean())
                .as("a reporter gets no actions")
                .isFalse();
        var developers = json(signedIn(developer).get(jobPath(build) + ".json"));
        assertThat(developers.get("actions").get("cancel").asBoolean()).isTrue();
        assertThat(developers.get("path").asString()).isEqualTo(jobPath(build));
    }

    @Test
    void theRawLogIsTheStoredBytesWithTheirEscapes() {
        Job build = take();
        log(build, "section_start:1:a\r\u001b[0K\u001b[33mwarn\u001b[0m\n");
        var raw = signedIn(reporter).get(jobPath(build) + "/raw");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(raw.body()).isEqualTo("section_start:1:a\r\u001b[0K\u001b[33mwarn\u001b[0m\n");
    }

    @Test
    void aPendingJobWithNoRunnerForItsTagsSaysItIsStuck() {
        Project stuckProject = project(YAML.replace("TAG", "no-runner-has-this-tag"));
        Job build = job(pipeline(stuckProject), "build");
        var page = signedIn(developer).get(path(stuckProject) + "/-/jobs/" + build.id());
        assertThat(page.body())
                .contains("data-testid=\"job-stuck\"")
                .contains("no online runner can run it")
                .contains("<span class=\"badge\">no-runner-has-this-tag</span>");
    }

    @Test
    void aManualJobExplainsItselfAndOffersToRunIt() {
        Job deploy = job(pipeline, "deploy");
        var page = signedIn(developer).get(jobPath(deploy));
        assertThat(page.body()).contains("This job has not started yet");
        succeedAllBut("deploy");
        page = signedIn(developer).get(jobPath(deploy));
        assertThat(page.body()).contains("manual action");
        assertThat(form(page, "play")).doesNotContain(" hidden");
        assertThat(page.body()).contains("<span>Run job</span>");
    }

    private void succeedAllBut(String name) {
        for (int i = 0; i < 3; i++) {
            succeed(take());
        }
        assertThat(job(pipeline, name).status()).isEqualTo(JobStatus.MANUAL);
    }

    /** The opening tag of an action's form on a page. */
    private static String form(HttpResponse<String> page, String action) {
        Matcher m = Pattern.compile("<form[^>]*data-job-action=\"" + action + "\"[^>]*>")
                .matcher(page.body());
        assertThat(m.find()).as("a " + action + " form").isTrue();
        return m.group();
    }
}
