package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A personal access token's life in a real browser: made on its page, shown once, used by a script, revoked. */
@ExtendWith(BrowserScreenshots.class)
class TokensBrowserIT extends OnSharedEnvironment {
    private Browser browser;
    private String username;
    private final String password = "correct-horse-" + UUID.randomUUID();

    @BeforeEach
    void newUserAndBrowser() {
        username = "tok-" + UUID.randomUUID().toString().substring(0, 8);
        api.createUser(username, password, false);
        browser = new Browser(env.server().url());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aTokenMadeOnItsPageIsShownOnceWorksForScriptsAndStopsWhenRevoked() {
        browser.signIn(username, password);
        browser.waitUp().until(ExpectedConditions.titleContains("Projects"));
        browser.open("/-/user_settings/personal_access_tokens");
        assertThat(browser.byTestId("no-active-tokens").getText()).contains("no active tokens");

        browser.byTestId("token-name").sendKeys("deploy script");
        browser.byTestId("scope-read_api").click();
        browser.byTestId("create-token").click();

        String token = browser.byTestId("new-token").getText().strip();
        assertThat(token).startsWith("glpat-");
        assertThat(browser.byTestId("copy-token").getText()).isEqualTo("Copy token");
        assertThat(browser.byTestId("active-tokens").getText())
                .contains("deploy script")
                .contains("read_api");

        var script = new Api(env.server().url(), token);
        var user = script.request("GET", "/user", null);
        assertThat(user.status()).as(user.body()).isEqualTo(200);
        assertThat(user.json().get("username").asString()).isEqualTo(username);

        // Shown once: a reload no longer has it.
        browser.open("/-/user_settings/personal_access_tokens");
        browser.waitUp()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=active-tokens]")));
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid=new-token]")))
                .isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(token);

        browser.byTestId("revoke-token").click();
        browser.waitUp().until(ExpectedConditions.alertIsPresent()).accept();
        assertThat(browser.byTestId("notice").getText()).contains("Revoked personal access token deploy script");
        assertThat(browser.byTestId("inactive-tokens").getText())
                .contains("deploy script")
                .contains("Revoked");
        assertThat(browser.byTestId("no-active-tokens").isDisplayed()).isTrue();

        var refused = script.request("GET", "/user", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
    }
}
