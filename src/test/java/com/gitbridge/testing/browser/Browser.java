package com.gitbridge.testing.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by chromedriver, both Debian's ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}):
 * Selenium is given both paths, so Selenium Manager never runs and nothing is downloaded. One browser serves a whole
 * test class; every {@link #open} loads a stand-in Jira page and works inside the app's iframe from then on.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /**
     * Selenium warns that it has no DevTools (CDP) classes for Debian's newer Chromium; the tests use no DevTools
     * session, only chromedriver's plain CDP command endpoint for full-page screenshots. Held here so the levels stick.
     */
    private static final List<Logger> QUIET = Stream.of("org.openqa.selenium.devtools", "org.openqa.selenium.chromium")
            .map(Logger::getLogger).peek(logger -> logger.setLevel(Level.SEVERE)).toList();

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private boolean inApp;

    private Browser(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts Chromium, or fails (never skips) when Debian's chromium or chromium-driver package is missing. */
    public static Browser start() {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: the browser tests need Debian's Chromium and its driver; "
                        + "install them with `apt-get install chromium chromium-driver` (.ci/run does)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("gitbridge-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--force-device-scale-factor=1", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        try {
            return new Browser(profile, service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            deleteRecursively(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Loads a stand-in Jira page and waits until the app's page in its iframe has loaded; then works in the iframe. */
    public void open(String jiraPageUrl) {
        driver.switchTo().defaultContent();
        inApp = false;
        driver.get(jiraPageUrl);
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("app-frame")));
        inApp = true;
        until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState"))
                && ((JavascriptExecutor) d).executeScript("return window.GitBridge && window.AP ? true : false").equals(true));
    }

    /** Loads one of the app's pages in the window itself, as Jira opens a page in a browser tab; works in that page. */
    public void openTopLevel(String url) {
        driver.switchTo().defaultContent();
        inApp = false;
        driver.get(url);
        until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** Runs {@code script} in the stand-in Jira page (outside the app's iframe), e.g. to read what it recorded. */
    public Object inJira(String script) {
        boolean wasInApp = inApp;
        host();
        try {
            return driver.executeScript(script);
        } finally {
            if (wasInApp) {
                app();
            }
        }
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> recorded(String name) {
        return (List<Map<String, Object>>) inJira("return window." + name + ";");
    }

    /** The height Jira has given the app's iframe. */
    public int frameHeight() {
        return ((Number) inJira("return document.getElementById('app-frame').getBoundingClientRect().height;")).intValue();
    }

    public WebElement find(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    public WebElement visible(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the element {@code css} shows text containing {@code text}, and returns the element. */
    public WebElement textIn(String css, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css));
    }

    public <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(50)).until(condition::apply);
    }

    /** The element that has the keyboard focus in the app's page. */
    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Presses keys as a keyboard would, on whatever has the focus. */
    public void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Presses Tab until the focused element in the app's page matches {@code css}; fails after {@code max} presses. */
    public WebElement tabTo(String css, int max) {
        for (int i = 0; i < max; i++) {
            if (focusedMatches(css)) {
                return focused();
            }
            press(Keys.TAB);
        }
        if (focusedMatches(css)) {
            return focused();
        }
        throw new AssertionError("Tab never reached " + css + "; focus is on " + describe(focused()));
    }

    public boolean focusedMatches(String css) {
        return Boolean.TRUE.equals(driver.executeScript(
                "var e = document.activeElement; return !!(e && e !== document.body && e.matches(arguments[0]));", css));
    }

    public static String describe(WebElement element) {
        return element.getTagName() + "#" + element.getAttribute("id") + " '" + element.getText() + "'";
    }

    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /**
     * Saves the whole stand-in Jira page, app iframe included and beyond the window's height, as
     * {@code target/screenshots/{name}.png}.
     */
    public Path screenshot(String name) {
        boolean wasInApp = inApp;
        host();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) driver.executeScript(
                    "return {width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight};");
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", ((Number) size.get("width")).intValue(),
                    "height", ((Number) size.get("height")).intValue(), "scale", 1);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (wasInApp) {
                app();
            }
        }
    }

    private void host() {
        driver.switchTo().defaultContent();
        inApp = false;
    }

    private void app() {
        driver.switchTo().frame(driver.findElement(By.id("app-frame")));
        inApp = true;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteRecursively(profile);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail a test
        }
    }
}
