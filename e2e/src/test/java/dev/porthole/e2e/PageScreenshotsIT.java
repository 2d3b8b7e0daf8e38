package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Visits the main pages as an administrator would, checks that each renders without an error page, and saves a
 * screenshot of each in the test output. With {@code -Dporthole.docs.screenshots=<folder>} (for example
 * {@code docs/screenshots}) they are written there too, which is how the pictures in the docs are made.
 */
@ExtendWith(BrowserScreenshots.class)
class PageScreenshotsIT extends OnSharedEnvironment {
    private static final String PIPELINE = """
            stages: [build, test, deploy]
            compile:
              stage: build
              script:
                - echo -e "\\e[0Ksection_start:$(date +%s):deps[collapsed=true]\\r\\e[0KInstalling dependencies"
                - echo "fetching 12 packages"
                - echo -e "\\e[0Ksection_end:$(date +%s):deps\\r\\e[0K"
                - echo -e "\\e[32;1mBuild succeeded\\e[0m in 3 steps"
            unit:
              stage: test
              needs: [compile]
              script: ["echo -e '\\\\e[33mwarning:\\\\e[0m 1 test skipped'", "echo '41 passed'"]
            lint:
              stage: test
              needs: [compile]
              allow_failure: true
              script: ["echo -e '\\\\e[31merror:\\\\e[0m line too long'", "exit 1"]
            production:
              stage: deploy
              when: manual
              script: ["echo deploying"]
            """;

    private Browser browser;
    private final List<Path> saved = new ArrayList<>();

    @BeforeEach
    void openBrowser() {
        browser = new Browser(env.server().url());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void theMainPagesRenderForAnAdministrator() throws Exception {
        String admin = "grace-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "screenshots-" + UUID.randomUUID();
        api.createUser(admin, password, true);
        var project = api.pushNewProject(PIPELINE);
        api.awaitJob(
                project.id(),
                api.job(project.id(), project.pipeline(), "unit").path("id").asLong(),
                "success",
                Duration.ofMinutes(2));
        long compile =
                api.job(project.id(), project.pipeline(), "compile").path("id").asLong();
        String base = "/" + project.path();

        shoot("sign-in", "/users/sign_in", "Sign in");
        browser.signIn(admin, password);
        browser.waitUp().until(ExpectedConditions.titleContains("Projects"));
        shoot("projects", "/", "Projects");
        shoot("project", base, project.path().substring(project.path().indexOf('/') + 1));
        shoot("pipelines", base + "/-/pipelines", "Pipelines");
        shoot("pipeline", base + "/-/pipelines/" + project.pipeline(), "Pipeline");
        shoot("job", base + "/-/jobs/" + compile, "compile");
        shoot("ci-cd-settings", base + "/-/settings/ci_cd", "CI/CD");
        shoot("tokens", "/-/user_settings/personal_access_tokens", "access tokens");
        shoot("admin", "/admin", "Admin");
        shoot("admin-runners", "/admin/runners", "Runners");
        shoot("admin-network", "/admin/application_settings/network", "Network");
        browser.resize(390, 844);
        shoot("job-phone", base + "/-/jobs/" + compile, "compile");

        String target = System.getProperty("porthole.docs.screenshots", "");
        if (!target.isBlank()) {
            Path folder = Processes.projectRoot().resolve(target);
            Files.createDirectories(folder);
            for (Path file : saved) {
                Files.copy(file, folder.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void shoot(String name, String path, String titlePart) {
        browser.open(path);
        browser.waitUp().until(ExpectedConditions.titleContains(titlePart));
        assertThat(browser.driver().findElements(By.cssSelector(".error-code")))
                .as(path)
                .isEmpty();
        saved.add(browser.screenshot(Processes.outputDir().resolve("pages").resolve(name + ".png")));
    }
}
