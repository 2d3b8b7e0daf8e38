package dev.porthole.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver: the paths are given, so Selenium never tries to
 * download a browser or a driver (this machine reaches no such site).
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final String baseUrl;
    private final ChromeDriver driver;
    private final Path profile;

    public Browser(String baseUrl) {
        this(baseUrl, new String[0]);
    }

    /** With more Chromium switches, for example {@code --disable-3d-apis} for a browser without WebGL. */
    public Browser(String baseUrl, String... switches) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException(
                    "Chromium or chromedriver is missing: run scripts/test-prerequisites (it installs Debian's"
                            + " chromium and chromium-driver)");
        }
        this.baseUrl = baseUrl;
        try {
            this.profile = Files.createTempDirectory("porthole-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--window-size=1280,900");
        options.addArguments(switches);
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser open(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    public String currentPath() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    /** Signs in through the sign-in page, as a person would. */
    public Browser signIn(String login, String password) {
        open("/users/sign_in");
        driver.findElement(By.id("user_login")).sendKeys(login);
        driver.findElement(By.id("user_password")).sendKeys(password);
        driver.findElement(By.cssSelector("[data-testid=sign-in-button]")).click();
        return this;
    }

    public WebElement find(By by) {
        return waitUp().until(d -> d.findElement(by));
    }

    public WebElement byTestId(String id) {
        return find(By.cssSelector("[data-testid='" + id + "']"));
    }

    /**
     * Clicks as a person would: scrolled into the middle of the window, clear of the sticky top bar. A live page can
     * move between the scroll and the click (the top bar then takes the click and the element stays unclicked):
     * it scrolls and clicks again.
     */
    public void click(WebElement element) {
        waitUp().ignoring(ElementClickInterceptedException.class).until(d -> {
            ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
            element.click();
            return true;
        });
    }

    /** Waits (up to 30 s) for what a page does on its own: live updates, redirects, scripts. */
    public WebDriverWait waitUp() {
        var wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.pollingEvery(Duration.ofMillis(100));
        // Live pages re-render what they update: a condition that met a replaced element looks again.
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a PNG of the viewport. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
