package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

/**
 * The terminal page in real Chromium, through the real server and runner into a real shell of a running job: the
 * job's owner clicks Debug on the job page, types a command and sees its output, and the shell's size follows the
 * browser window. When the job is canceled, the page says so in words and Reconnect explains why it cannot.
 */
@ExtendWith(BrowserScreenshots.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerminalBrowserIT {
    private static final Duration SHELL = Duration.ofSeconds(30);
    /** A line that ends with bash's prompt: `user@host:dir$ ` or `# `. */
    private static final Pattern PROMPT = Pattern.compile("(?m)[$#][\\s\\u00a0]*$");

    private Environment env;
    private Api owner;
    private String username;
    private final String password = "terminal-" + UUID.randomUUID();
    private Browser browser;

    @BeforeAll
    void serverAndRunnerWithSessionServerAndAUserWhoStartsJobs() {
        env = Environment.startWithTerminals("terminal-browser", 1800);
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
        }
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(code, args);
    }

    /** What the terminal shows, one line per row (xterm's DOM renderer draws each row as a div). */
    private String screen() {
        return (String) script("return [...document.querySelectorAll('#terminal .xterm-rows > div')]"
                + ".map(row => row.textContent).join('\\n')");
    }

    private String connectionState() {
        return browser.byTestId("connection-state").getDomAttribute("data-state");
    }

    private void type(String text) {
        WebElement input = browser.find(By.cssSelector("#terminal .xterm-helper-textarea"));
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    private Api.PushedProject project;

    /** Signs in, opens the running job's page and clicks Debug, which opens the terminal page in a new tab. */
    private long debugARunningJob(Browser browser) {
        project = TerminalSessionIT.sleepingJob(owner);
        long jobId = TerminalSessionIT.runningJobWithTerminal(owner, project)
                .get("id")
                .asLong();
        browser.signIn(username, password);
        browser.waitUp().until(ExpectedConditions.titleContains("Projects"));

        browser.open("/" + project.path() + "/-/jobs/" + jobId);
        String jobPage = browser.driver().getWindowHandle();
        browser.byTestId("debug-button").click();
        browser.waitUp().until(d -> d.getWindowHandles().size() == 2);
        String terminalTab = browser.driver().getWindowHandles().stream()
                .filter(handle -> !handle.equals(jobPage))
                .findFirst()
                .orElseThrow();
        browser.driver().switchTo().window(terminalTab);
        assertThat(browser.currentPath()).isEqualTo("/" + project.path() + "/-/jobs/" + jobId + "/terminal");
        browser.waitUp().until(d -> "connected".equals(connectionState()));
        return jobId;
    }

    @Test
    void theOwnerClicksDebugTypesACommandAndTheShellFollowsTheWindowSize() {
        // Without WebGL the page falls back to xterm's DOM renderer, whose rows this test can read.
        browser = new Browser(env.server().url(), "--disable-3d-apis");
        long jobId = debugARunningJob(browser);
        assertThat(browser.byTestId("terminal").getDomAttribute("data-renderer"))
                .isEqualTo("dom");

        await("the shell's prompt")
                .atMost(SHELL)
                .until(() -> PROMPT.matcher(screen()).find());
        type("echo hello-$((6*7))");
        await("the command's output").atMost(SHELL).until(() -> screen().contains("hello-42"));
        assertThat(browser.byTestId("job-status").getText()).containsIgnoringCase("running");

        // Three times the runner's window of unacknowledged output: it all arrives only if the page acknowledges
        // what it has drawn.
        type("head -c 3000000 /dev/zero | tr '\\0' x; echo; echo flowed-$((40+2))");
        await("output beyond the window").atMost(Duration.ofSeconds(90)).until(() -> screen().contains("flowed-42"));

        String before = browser.byTestId("terminal-size").getDomAttribute("data-size");
        browser.resize(900, 560);
        browser.waitUp()
                .until(d -> !before.equals(browser.byTestId("terminal-size").getDomAttribute("data-size")));
        String[] size =
                browser.byTestId("terminal-size").getDomAttribute("data-size").split("x");
        String expected = size[1] + " " + size[0]; // stty prints rows, then columns
        type("clear; stty size");
        await("stty follows the window").atMost(SHELL).until(() -> screen().contains(expected));
        browser.screenshot(Processes.outputDir().resolve("screenshots").resolve("terminal-dom.png"));

        // Canceling the job ends the terminal, and the page says so in words.
        owner.post("/projects/" + project.id() + "/jobs/" + jobId + "/cancel", null);
        browser.waitUp().until(d -> "ended".equals(connectionState()));
        assertThat(browser.byTestId("terminal-notice").getText())
                .contains("The terminal session ended.")
                .doesNotContain("Connection failure");
        browser.waitUp()
                .until(d ->
                        browser.byTestId("job-status").getText().toLowerCase().contains("cancel"));

        // Reconnecting now is refused, with the reason.
        browser.byTestId("terminal-reconnect").click();
        browser.waitUp()
                .until(d -> browser.byTestId("terminal-notice").getText().contains("no terminal now"));
        assertThat(connectionState()).isEqualTo("ended");
        assertThat(browser.byTestId("terminal-notice").getText()).contains("not running");
        browser.screenshot(Processes.outputDir().resolve("screenshots").resolve("terminal-ended.png"));
    }

    /** Searches the terminal's output until the search box reports a match. */
    private void find(String text) {
        WebElement query = browser.find(By.cssSelector("#terminal-search input[name=q]"));
        query.clear();
        query.sendKeys(text);
        // Output may arrive after the first search: search again until it is there.
        await("the search finds " + text).atMost(SHELL).until(() -> {
            browser.find(By.cssSelector("[data-action=search-next]")).click();
            return browser.find(By.cssSelector("[data-field=search-result]"))
                    .getText()
                    .matches("\\d+ of \\d+");
        });
    }

    @Test
    void withWebGlThePageDrawsWithItAndSearchFindsTheOutput() throws Exception {
        browser = new Browser(env.server().url());
        debugARunningJob(browser);
        assertThat(browser.byTestId("terminal").getDomAttribute("data-renderer"))
                .isEqualTo("webgl");

        // The search box reads the screen whatever draws it: first the prompt (typing earlier echoes twice), then
        // the command's output.
        browser.byTestId("terminal-search").click();
        find("/builds/");
        type("echo webgl-$((6*7))");
        find("webgl-42");
        Path shot =
                browser.screenshot(Processes.outputDir().resolve("screenshots").resolve("terminal.png"));
        String docs = System.getProperty("porthole.docs.screenshots", "");
        if (!docs.isBlank()) {
            Path folder = Processes.projectRoot().resolve(docs);
            Files.createDirectories(folder);
            Files.copy(shot, folder.resolve("terminal.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
