package io.watchkeeper.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; other paths through
 * {@code WK_TEST_CHROMIUM} and {@code WK_TEST_CHROMEDRIVER}) that signs in to the console on Keycloak's own page.
 * Screenshots go to {@code target/console-screenshots}.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;

    /** @param language the browser's language, as its Accept-Language ({@code en-US}, {@code zh-CN}) */
    Browser(String language) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(env("WK_TEST_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--lang=" + language,
                "--window-size=1280,900");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(env("WK_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /** Opens {@code url}; on Keycloak's sign-in page, signs in as {@code user} (password = name, the local realm). */
    void signIn(String url, String user) {
        driver.get(url);
        waitFor(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user);
        driver.findElement(By.id("kc-login")).click();
        waitFor(By.id("who"));
    }

    void open(String url) {
        driver.get(url);
        waitFor(By.id("main"));
    }

    /** The element once visible; when it does not show, the failure names the page that showed instead. */
    WebElement waitFor(By what) {
        try {
            return wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(what));
        } catch (org.openqa.selenium.TimeoutException missing) {
            throw new AssertionError(
                    "no " + what + " at " + driver.getCurrentUrl() + ", which shows: "
                            + driver.findElement(By.tagName("body")).getText(),
                    missing);
        }
    }

    WebDriverWait wait(Duration atMost) {
        return new WebDriverWait(driver, atMost);
    }

    /** Saves the page as {@code target/console-screenshots/NAME.png}. */
    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * What sticks out of the window sideways (a phone would scroll): the outermost such elements, as
     * {@code tag#id.class}; empty when the page fits.
     */
    @SuppressWarnings("unchecked")
    java.util.List<String> sidewaysOverflow() {
        return (java.util.List<String>)
                ((JavascriptExecutor) driver)
                        .executeScript(
                                """
                const width = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= width) return [];
                const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1
                    && !e.closest('.scroll') && getComputedStyle(e).position !== 'absolute');
                return wide.filter(e => !wide.includes(e.parentElement)).slice(0, 5)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''));""");
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
