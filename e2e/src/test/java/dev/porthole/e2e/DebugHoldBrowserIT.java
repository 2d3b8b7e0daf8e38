package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * Debug holds in real Chromium, on the docker executor: the job's starter sees the held job's countdown, opens Debug
 * into the failed job's container, extends and releases the hold, and retries the failed job with a new hold; an
 * administrator finds held jobs under Admin › Held jobs.
 */
@ExtendWith(BrowserScreenshots.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebugHoldBrowserIT {
    private static final Duration SHELL = Duration.ofSeconds(30);
    private static final Duration HELD = Duration.ofSeconds(180);
    /** What the countdown shows once the page's script has taken it over: m:ss, or h:mm:ss. */
    private static final Pattern CLOCK = Pattern.compile("(\\d+:)?\\d{1,2}:\\d{2}");

    private Environment env;
    private Api owner;
    private String username;
    private final String password = "hold-" + UUID.randomUUID();
    private Browser browser;

    @BeforeAll
    void dockerRunnerWithSessionServerAndAUserWhoStartsJobs() {
        env = Environment.startWithDockerTerminals("debug-hold-browser", 1800);
        Api root = env.api();
        username = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        long id = root.createUser(username, password, false);
        String token = root.tokenFor(id);
        owner = new Api(env.server().url(), token);
    }

    @AfterAll
    void stop() {
        if (env != null) {
            env.stop();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private Api.PushedProject heldProject() {
        return owner.pushNewProject("""
                job:
                  tags: [e2e]
                  image: %s
                  variables:
                    PORTHOLE_DEBUG_HOLD: 10m
                  script:
                    - echo broken > state.txt
                    - exit 3
                """.formatted(DockerHost.BASH_IMAGE));
    }

    /** What the terminal shows, one line per row (xterm's DOM renderer draws each row as a div). */
    private String screen() {
        return (String) ((JavascriptExecutor) browser.driver())
                .executeScript("return [...document.querySelectorAll('#terminal .xterm-rows > div')]"
                        + ".map(row => row.textContent).join('\\n')");
    }

    private void type(String text) {
        WebElement input = browser.find(By.cssSelector("#terminal .xterm-helper-textarea"));
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    private String holdLeft() {
        return browser.byTestId("hold-left").getText().strip();
    }

    private String jobStatus() {
        return browser.byTestId("job-status").getText().toLowerCase();
    }

    /** Minutes the countdown shows: 9 for 9:58, 69 for 1:09:58. */
    private long minutesLeft() {
        String[] parts = holdLeft().split(":");
        return parts.length == 3 ? Long.parseLong(parts[0]) * 60 + Long.parseLong(parts[1]) : Long.parseLong(parts[0]);
    }

    @Test
    void theStarterWatchesTheCountdownDebugsTheLeftoversExtendsReleasesAndRetriesWithAHold() {
        var project = heldProject();
        long jobId = DebugHoldIT.heldJob(owner, project, HELD).get("id").asLong();
        // Without WebGL the terminal falls back to xterm's DOM renderer, whose rows this test can read.
        browser = new Browser(env.server().url(), "--disable-3d-apis");
        browser.signIn(username, password);
        browser.waitUp().until(ExpectedConditions.titleContains("Projects"));
        String jobPath = "/" + project.path() + "/-/jobs/" + jobId;
        browser.open(jobPath);
        String jobPage = browser.driver().getWindowHandle();

        WebElement banner = browser.byTestId("job-hold");
        assertThat(banner.isDisplayed()).isTrue();
        assertThat(banner.getText()).contains("Held for debugging").contains("exit code 3");
        assertThat(browser.byTestId("held-badge").isDisplayed()).isTrue();
        assertThat(jobStatus()).contains("running");
        browser.waitUp().until(d -> CLOCK.matcher(holdLeft()).matches());
        String first = holdLeft();
        assertThat(minutesLeft()).isBetween(8L, 10L);
        browser.waitUp()
                .until(d -> CLOCK.matcher(holdLeft()).matches() && !holdLeft().equals(first));
        assertThat(browser.byTestId("extend-hold").isEnabled()).isTrue();

        // Debug opens the terminal page in a new tab, into the failed job's container as the script left it.
        browser.click(browser.byTestId("debug-button"));
        browser.waitUp().until(d -> d.getWindowHandles().size() == 2);
        String terminalTab = browser.driver().getWindowHandles().stream()
                .filter(handle -> !handle.equals(jobPage))
                .findFirst()
                .orElseThrow();
        browser.driver().switchTo().window(terminalTab);
        assertThat(browser.currentPath()).isEqualTo(jobPath + "/terminal");
        browser.waitUp()
                .until(d ->
                        "connected".equals(browser.byTestId("connection-state").getDomAttribute("data-state")));
        browser.waitUp()
                .until(d -> browser.byTestId("time-left").getText().contains("Held after failure (exit code 3)"));
        type("echo \"[$(cat state.txt)]\"");
        await("the leftovers in the terminal").atMost(SHELL).until(() -> screen().contains("[broken]"));
        browser.driver().close();
        browser.driver().switchTo().window(jobPage);

        browser.click(browser.byTestId("extend-hold"));
        browser.waitUp().until(d -> CLOCK.matcher(holdLeft()).matches() && minutesLeft() >= 18);
        assertThat(owner.job(project.id(), jobId)
                        .get("debug_hold")
                        .get("extensions")
                        .asInt())
                .isEqualTo(1);

        browser.click(browser.byTestId("release-hold"));
        browser.waitUp().until(d -> jobStatus().contains("failed"));
        browser.waitUp().until(d -> !browser.byTestId("job-hold").isDisplayed());
        assertThat(browser.byTestId("held-badge").isDisplayed()).isFalse();
        JsonNode failed = owner.awaitJob(project.id(), jobId, "failed", Duration.ofSeconds(60));
        assertThat(failed.get("exit_code").asInt()).isEqualTo(3);
        assertThat(failed.get("debug_hold").get("status").asString()).isEqualTo("released");

        // The failed job's page offers a retry with a hold of the user's choosing, which the retry gets.
        browser.open(jobPath);
        browser.click(browser.find(By.cssSelector("[data-testid=retry-hold] summary")));
        WebElement duration = browser.find(By.id("debug-hold"));
        duration.clear();
        duration.sendKeys("1m");
        browser.click(browser.byTestId("retry-with-hold"));
        browser.waitUp().until(d -> !browser.currentPath().equals(jobPath));
        long retryId = Long.parseLong(browser.currentPath().replaceFirst(".*/-/jobs/(\\d+).*", "$1"));
        assertThat(retryId).isNotEqualTo(jobId);
        JsonNode retry = await("the retry held for a minute")
                .atMost(HELD)
                .until(
                        () -> owner.job(project.id(), retryId),
                        j -> j.path("debug_hold").path("status").asString("").equals("held"));
        assertThat(retry.get("debug_hold").get("extend_by_seconds").asLong()).isEqualTo(60);
        browser.waitUp().until(d -> browser.byTestId("job-hold").isDisplayed());
        owner.post("/projects/" + project.id() + "/jobs/" + retryId + "/hold/release", null);
        owner.awaitJob(project.id(), retryId, "failed", Duration.ofSeconds(60));
    }

    @Test
    void administratorsSeeHeldJobsUntilTheyEnd() {
        var project = heldProject();
        long jobId = DebugHoldIT.heldJob(owner, project, HELD).get("id").asLong();
        String admin = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        String adminPassword = "admin-" + UUID.randomUUID();
        env.api().createUser(admin, adminPassword, true);
        browser = new Browser(env.server().url());
        browser.signIn(admin, adminPassword);
        browser.waitUp().until(ExpectedConditions.titleContains("Projects"));

        browser.open("/admin/held_jobs");
        WebElement row = browser.byTestId("held-job-" + jobId);
        assertThat(row.getText()).contains(project.path()).contains("#" + jobId).contains("debug-hold-browser runner");
        assertThat(row.findElement(By.tagName("code")).getText()).isEqualTo("3");
        row.findElement(By.tagName("a")).click();
        browser.waitUp().until(ExpectedConditions.urlContains("/-/jobs/" + jobId));
        assertThat(browser.byTestId("job-hold").isDisplayed()).isTrue();

        owner.post("/projects/" + project.id() + "/jobs/" + jobId + "/hold/release", null);
        owner.awaitJob(project.id(), jobId, "failed", Duration.ofSeconds(60));
        browser.open("/admin/held_jobs");
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid='held-job-" + jobId + "']")))
                .isEmpty();
    }
}
