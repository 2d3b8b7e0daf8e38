package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * An administrator in a real browser: creates an instance runner and reads its one-time token, then changes the
 * outbound-request setting and finds the change in the audit log and in the API.
 */
@ExtendWith(BrowserScreenshots.class)
class AdminBrowserIT extends OnSharedEnvironment {
    private static final String ALLOW_LOCAL = "allow_local_requests_from_web_hooks_and_services";
    private Browser browser;
    private String username;
    private final String password = "admin-pass-" + UUID.randomUUID();
    private boolean allowLocalBefore;

    @BeforeEach
    void adminAndBrowser() {
        username = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        api.createUser(username, password, true);
        allowLocalBefore = api.get("/application/settings").get(ALLOW_LOCAL).asBoolean();
        browser = new Browser(env.server().url());
    }

    @AfterEach
    void restoreAndClose() {
        // The server is shared: leave the setting as other tests found it.
        api.ok("PUT", "/application/settings", Map.of(ALLOW_LOCAL, allowLocalBefore));
        browser.close();
    }

    private void screenshot(String name) {
        browser.screenshot(Processes.outputDir().resolve("screenshots").resolve("AdminBrowserIT-" + name + ".png"));
    }

    @Test
    void anAdministratorCreatesARunnerAndChangesOutboundRequests() {
        browser.signIn(username, password);
        browser.waitUp().until(ExpectedConditions.titleContains("Projects"));
        browser.open("/admin");
        assertThat(browser.byTestId("admin-nav").getText())
                .contains("Overview", "Users", "Runners", "Network", "Audit log");
        screenshot("dashboard");

        // A new instance runner: its token is shown once, with the command that registers it.
        browser.open("/admin/runners");
        browser.byTestId("new-runner").click();
        browser.waitUp().until(ExpectedConditions.urlContains("/admin/runners/new"));
        String description = "browser runner " + UUID.randomUUID().toString().substring(0, 6);
        browser.find(By.id("runner_tag_list")).sendKeys("e2e-admin-only, never-used");
        browser.find(By.id("runner_description")).sendKeys(description);
        browser.find(By.id("runner_maximum_timeout")).sendKeys("3600");
        browser.byTestId("create-runner").click();
        browser.waitUp().until(ExpectedConditions.urlMatches("/admin/runners/\\d+/register$"));
        String token = browser.byTestId("runner-token").getText().strip();
        assertThat(token).startsWith("glrt-");
        assertThat(browser.byTestId("register-command").getText())
                .isEqualTo("./porthole runner register --url " + env.server().url() + " --token " + token);
        assertThat(browser.byTestId("runner-config").getText()).contains("token = \"" + token + "\"");
        screenshot("runner-token");

        JsonNode created = findRunner(description);
        assertThat(created).as("the new runner through the API").isNotNull();
        assertThat(created.get("status").asString()).isEqualTo("never_contacted");
        long runnerId = created.get("id").asLong();

        // Shown once only.
        browser.open("/admin/runners/" + runnerId + "/register");
        assertThat(browser.byTestId("token-gone").getText()).contains("no longer shown");
        assertThat(browser.text()).doesNotContain(token);

        // The list shows it; deleting asks first.
        browser.open("/admin/runners");
        WebElement row = browser.byTestId("runner-" + runnerId);
        assertThat(row.getText()).contains(description, "Never contacted", "e2e-admin-only");
        row.findElement(By.cssSelector("[data-testid=delete-runner]")).click();
        browser.waitUp().until(ExpectedConditions.alertIsPresent()).accept();
        browser.waitUp().until(d -> browser.text().contains("Runner #" + runnerId + " deleted"));
        assertThat(findRunner(description)).isNull();

        // Outbound requests: flip the checkbox, save, see it saved and audited.
        browser.open("/admin/application_settings/network");
        WebElement checkbox = browser.byTestId("allow-local-requests");
        boolean before = checkbox.isSelected();
        assertThat(before).isEqualTo(allowLocalBefore);
        assertThat(browser.text()).contains("interactive terminal sessions of runners");
        checkbox.click();
        browser.byTestId("save-network").click();
        browser.waitUp().until(d -> browser.text().contains("Outbound request settings saved."));
        assertThat(browser.byTestId("allow-local-requests").isSelected()).isEqualTo(!before);
        assertThat(api.get("/application/settings").get(ALLOW_LOCAL).asBoolean())
                .isEqualTo(!before);
        screenshot("network-saved");

        browser.open("/admin/audit_log");
        WebElement newest = browser.find(By.cssSelector("[data-testid=audit-event]"));
        assertThat(newest.getText())
                .contains("@" + username)
                .contains("Changed setting")
                .contains(ALLOW_LOCAL)
                .contains(Boolean.toString(before))
                .contains(Boolean.toString(!before));
        assertThat(browser.text()).contains("Deleted runner", "Created runner", "Runner #" + runnerId);
        screenshot("audit-log");

        browser.resize(390, 844);
        browser.open("/admin/runners");
        screenshot("runners-phone");
    }

    private JsonNode findRunner(String description) {
        for (JsonNode runner : api.get("/runners/all")) {
            if (description.equals(runner.get("description").asString())) {
                return runner;
            }
        }
        return null;
    }
}
