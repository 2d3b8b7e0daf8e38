package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A new user's first project, as a person makes it: create it in the page with a README, copy its clone URL, push a
 * {@code .gitlab-ci.yml} with the real git, and watch the pipeline appear and finish in the pipelines list.
 */
@ExtendWith(BrowserScreenshots.class)
class ProjectBrowserIT extends OnSharedEnvironment {
    private Browser browser;
    private String username;
    private final String password = "first-project-" + UUID.randomUUID();

    @BeforeEach
    void newUserAndBrowser() {
        username = "grace-" + UUID.randomUUID().toString().substring(0, 8);
        api.createUser(username, password, false);
        browser = new Browser(env.server().url());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aNewUserCreatesAProjectPushesAPipelineAndWatchesItRun() throws Exception {
        browser.signIn(username, password);
        browser.waitUp().until(ExpectedConditions.titleContains("Projects"));
        browser.open("/projects/new");

        browser.find(By.id("project_name")).sendKeys("Hello Pipelines");
        // The path follows the name, as GitLab makes it.
        assertThat(browser.find(By.id("project_path")).getAttribute("value")).isEqualTo("hello-pipelines");
        assertThat(browser.byTestId("initialize-with-readme").isSelected()).isTrue();
        assertThat(browser.byTestId("visibility-private").isSelected()).isTrue();
        browser.byTestId("create-project").click();

        String projectPath = "/" + username + "/hello-pipelines";
        browser.waitUp().until(ExpectedConditions.urlToBe(env.server().url() + projectPath));
        assertThat(browser.byTestId("flash-notice").getText()).contains("was successfully created");
        assertThat(browser.byTestId("readme").getText()).contains("# Hello Pipelines");
        assertThat(browser.byTestId("no-ci-config").getText()).contains("Set up CI/CD");

        String cloneUrl = browser.byTestId("clone-url").getText().strip();
        assertThat(cloneUrl).isEqualTo(env.server().url() + projectPath + ".git");
        assertThat(browser.byTestId("copy-clone-url").getAttribute("data-copy")).isEqualTo(cloneUrl);

        GitWorkTree clone = GitWorkTree.cloneOf(cloneUrl, username, password);
        assertThat(Files.readString(clone.dir().resolve("README.md"))).startsWith("# Hello Pipelines");
        clone.write(".gitlab-ci.yml", "greet:\n  tags: [e2e]\n  script:\n    - echo \"hello from $CI_PROJECT_PATH\"\n");
        String sha = clone.commit("Add a first pipeline");
        clone.push();

        browser.open(projectPath + "/-/pipelines");
        // The list updates itself: the pushed pipeline appears and runs to the end without a reload.
        WebElement row = browser.waitUp()
                .until(d -> d.findElement(By.cssSelector("[data-testid=pipeline-row][data-status=success]")));
        assertThat(row.getText())
                .contains("Add a first pipeline")
                .contains(sha.substring(0, 8))
                .contains("main")
                .contains(username)
                .contains("push");
        assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualToIgnoringCase("success");

        row.findElement(By.cssSelector("[data-testid=pipeline-link]")).click();
        browser.waitUp().until(ExpectedConditions.urlMatches(".*/-/pipelines/\\d+$"));
    }
}
