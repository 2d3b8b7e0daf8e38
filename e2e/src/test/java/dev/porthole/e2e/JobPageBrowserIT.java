package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The job and pipeline pages in a real browser against a real runner: the log grows live without a reload, in colour
 * and with sections, exactly as the server renders it afterwards; and cancel, retry and play do what they say.
 */
@ExtendWith(BrowserScreenshots.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobPageBrowserIT extends OnSharedEnvironment {
    private static final Duration JOB = Duration.ofSeconds(60);
    private static final String YAML = """
            stream:
              when: manual
              script:
                - 'for i in $(seq 1 30); do echo -e "\\e[32mline $i\\e[0m"; sleep 0.3; done'
                - 'echo -e "section_start:$(date +%s):extra[collapsed=true]\\r\\e[0K\\e[1mExtra\\e[0m <section>"'
                - echo inside the section
                - 'echo -e "section_end:$(date +%s):extra\\r\\e[0K"'
                - 'printf "progress 10%%\\rprogress 100%%\\n"'
            endless:
              script:
                - 'for i in $(seq 1 600); do echo "tick $i"; sleep 0.5; done'
            broken:
              script:
                - echo about to fail
                - exit 3
            deploy:
              when: manual
              script:
                - echo deployed
            """;

    private Api.PushedProject project;
    private String username;
    private final String password = "job-pages-" + UUID.randomUUID();
    private Browser browser;

    @BeforeAll
    void aProjectWithADeveloper() {
        project = api.pushNewProject(YAML);
        username = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        long userId = api.createUser(username, password, false);
        api.post("/projects/" + project.id() + "/members", Map.of("user_id", userId, "access_level", 30));
    }

    @AfterAll
    void stopWhatStillRuns() {
        api.request("POST", "/projects/" + project.id() + "/pipelines/" + project.pipeline() + "/cancel", null);
    }

    @BeforeEach
    void signIn() {
        browser = new Browser(env.server().url());
        browser.signIn(username, password);
        browser.waitUp().until(ExpectedConditions.titleContains("Projects"));
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    private long jobId(String name) {
        return api.job(project.id(), project.pipeline(), name).get("id").asLong();
    }

    private String jobPath(long id) {
        return "/" + project.path() + "/-/jobs/" + id;
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(code, args);
    }

    private long lines() {
        return (Long) script("return document.querySelectorAll('#job-log .log-line:not(.log-provisional)').length");
    }

    /** The script's own output: "line N" in green (the runner's headers are green too, and bold). */
    private long greenLines() {
        return (Long) script("return [...document.querySelectorAll('#job-log span[class=\"t-fg2\"]')]"
                + ".filter(s => /^line \\d+$/.test(s.textContent)).length");
    }

    /** The status a badge shows, read in one step: the page replaces badges while we look. */
    private String status(String testId) {
        return (String) script(
                "return document.querySelector(`[data-testid='${arguments[0]}'] .status`)?.dataset.status", testId);
    }

    @Test
    void theLogGrowsLiveInColourAndEndsAsTheServerRendersIt() {
        long stream = jobId("stream");
        api.post("/projects/" + project.id() + "/jobs/" + stream + "/play", null);
        api.awaitTrace(project.id(), stream, "line 2", JOB);
        browser.open(jobPath(stream));
        script("window.portholeMarker = 'same page'");

        browser.waitUp().until(d -> greenLines() > 0);
        long seen = lines();
        long green = greenLines();
        browser.waitUp().until(d -> lines() >= seen + 3 && greenLines() > green);
        assertThat(script("return window.portholeMarker")).as("no reload").isEqualTo("same page");

        // The end of the job shows on the page without a reload, in the header too.
        browser.waitUp().until(d -> "success".equals(status("job-status")));
        browser.waitUp().until(d -> browser.text().contains("line 30"));
        assertThat(script("return window.portholeMarker")).isEqualTo("same page");
        assertThat((Boolean) script("return document.getElementById('log-box').getBoundingClientRect().bottom"
                        + " <= window.innerHeight + 30"))
                .as("followed the tail")
                .isTrue();
        WebElement section = browser.find(By.cssSelector("#job-log details.log-section[data-section=extra]"));
        assertThat(section.getAttribute("open")).as("collapsed=true").isNull();
        assertThat(section.findElement(By.cssSelector("summary")).getText()).contains("Extra <section>");
        assertThat(script("return [...document.querySelectorAll('#job-log .log-text')]"
                        + ".map(e => e.textContent).filter(t => t.startsWith('progress '))"))
                .as("the carriage return overwrote the line")
                .isEqualTo(java.util.List.of("progress 100%"));

        // What was drawn live is exactly what the server renders for the finished job.
        String live = (String) script("return document.getElementById('job-log').innerHTML");
        browser.open(jobPath(stream));
        String rendered = (String) script("return document.getElementById('job-log').innerHTML");
        assertThat(live).isEqualTo(rendered);

        browser.click(browser.byTestId("toggle-timestamps"));
        assertThat(browser.find(By.cssSelector("#job-log .log-line .log-text[data-time]"))
                        .getAttribute("data-time"))
                .matches("\\+\\d\\d:\\d\\d");
    }

    @Test
    void aRunningJobIsCanceledFromItsPage() {
        long endless = jobId("endless");
        api.awaitTrace(project.id(), endless, "tick 2", JOB);
        browser.open(jobPath(endless));
        browser.waitUp().until(d -> "running".equals(status("job-status")));
        browser.click(browser.byTestId("cancel-job"));
        browser.waitUp()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-testid=flash]"), "is being canceled"));
        script("window.portholeMarker = 'after cancel'");
        browser.waitUp().until(d -> "canceled".equals(status("job-status")));
        assertThat(script("return window.portholeMarker")).isEqualTo("after cancel");
        assertThat(browser.byTestId("retry-job").isDisplayed()).isTrue();
        assertThat(browser.byTestId("cancel-job").isDisplayed()).isFalse();
    }

    @Test
    void aFailedJobIsRetriedFromItsPageAndTheNewJobOpens() {
        long broken = jobId("broken");
        api.awaitJob(project.id(), broken, "failed", JOB);
        browser.open(jobPath(broken));
        assertThat(browser.byTestId("job-failure").getText())
                .contains("There has been a script failure. Check the job log for more information");
        browser.click(browser.byTestId("retry-job"));
        browser.waitUp().until(d -> !browser.currentPath().equals(jobPath(broken)));
        long retry = jobId("broken");
        assertThat(retry).isNotEqualTo(broken);
        assertThat(browser.currentPath()).isEqualTo(jobPath(retry));
        assertThat(browser.text()).contains("#" + retry).contains("by " + username);
    }

    @Test
    void aManualJobIsPlayedFromThePipelinePageAndRuns() {
        long deploy = jobId("deploy");
        browser.open("/" + project.path() + "/-/pipelines/" + project.pipeline());
        WebElement card = browser.byTestId("job-card-deploy");
        assertThat(card.getText()).contains("manual");
        browser.click(card.findElement(By.cssSelector("[data-testid=play-job]")));
        browser.waitUp()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-testid=flash]"), "was started"));
        script("window.portholeMarker = 'pipeline page'");
        browser.waitUp().until(d -> "success".equals(status("job-card-deploy")));
        assertThat(script("return window.portholeMarker")).isEqualTo("pipeline page");
        assertThat(api.job(project.id(), deploy).get("status").asString()).isEqualTo("success");
    }
}
