package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Signing in and out in a real browser, and the lockout that stops password guessing. */
@ExtendWith(BrowserScreenshots.class)
class SignInBrowserIT extends OnSharedEnvironment {
    private Browser browser;
    private String username;
    private final String password = "correct-horse-" + UUID.randomUUID();

    @BeforeEach
    void newUserAndBrowser() {
        username = "ada-" + UUID.randomUUID().toString().substring(0, 8);
        api.createUser(username, password, false);
        browser = new Browser(env.server().url());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void signInShowsTheProjectsPageAndSignOutReturnsToTheForm() {
        browser.signIn(username, password);
        browser.waitUp().until(ExpectedConditions.titleContains("Projects"));
        assertThat(browser.text()).contains("No projects yet").contains("Create your first project");

        browser.find(By.cssSelector("details.menu > summary")).click();
        browser.byTestId("sign-out").click();
        browser.waitUp().until(ExpectedConditions.urlContains("/users/sign_in?signed_out"));
        assertThat(browser.text()).contains("Signed out.");
    }

    @Test
    void tenWrongPasswordsLockTheAccount() {
        for (int i = 0; i < 10; i++) {
            browser.signIn(username, "wrong-" + i);
            browser.waitUp().until(ExpectedConditions.urlContains("/users/sign_in?error"));
        }
        browser.signIn(username, password);
        browser.waitUp().until(ExpectedConditions.urlContains("/users/sign_in?locked"));
        assertThat(browser.byTestId("sign-in-error").getText())
                .contains("locked")
                .contains("10 minutes");
    }
}
