package io.gaas.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One headless Chromium per test class, driven by the Debian {@code chromium} and
 * {@code chromium-driver} packages (Selenium Manager never downloads anything: both paths are
 * given). Register it as a static {@code @RegisterExtension} field.
 * <p>
 * Where Chromium or its driver is missing the tests are skipped with a message, except when the
 * environment variable {@code CI} is {@code true}: there a missing browser fails the class, so a
 * broken install cannot turn into a green run. When a test fails, a screenshot and the page source
 * are saved under {@code target/browser-screenshots/}.
 * <p>
 * Chrome's performance log is on, so a test can list every request the page made
 * ({@link #drainRequests()}).
 */
public final class ChromeBrowser implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    /**
     * A request the page made, as Chrome's DevTools reported it ({@code Network.requestWillBeSent}).
     * {@code blockedReason} is set when the browser itself refused to send it (e.g. {@code csp}).
     */
    public record Request(String method, String url, Map<String, String> headers, String postData,
            String blockedReason) {

        public boolean sent() {
            return blockedReason == null;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChromeDriver driver;

    @Override
    public void beforeAll(ExtensionContext context) {
        List<String> missing = new ArrayList<>();
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                missing.add(binary.toString());
            }
        }
        if (!missing.isEmpty()) {
            String message = "Browser tests need Chromium and its driver, missing: " + String.join(", ", missing)
                    + " (Debian: apt-get install chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI=true, so this is a failure, not a skip");
            }
            // Maven's summary does not show why a whole class was skipped: say it in the log too.
            System.err.println("SKIPPED " + context.getDisplayName() + ": " + message);
            Assumptions.abort(message);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000", "--lang=en-US");
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (driver != null) {
            String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
            try {
                Files.createDirectories(SCREENSHOTS);
                Path png = SCREENSHOTS.resolve(name + ".png");
                Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
                Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
                failure.addSuppressed(new AssertionError("screenshot of the failure: " + png.toAbsolutePath()));
            }
            catch (RuntimeException | IOException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** Saves a PNG of the current page. */
    public void screenshot(Path target) {
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The requests the page made since the last call (reading Chrome's performance log empties it),
     * each marked with the reason when the browser blocked it before it left.
     */
    public List<Request> drainRequests() {
        Map<String, JsonNode> sent = new LinkedHashMap<>();
        Map<String, String> blocked = new HashMap<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            JsonNode params = message.path("params");
            switch (message.path("method").asString("")) {
                case "Network.requestWillBeSent" ->
                    sent.put(params.path("requestId").asString("") + " " + sent.size(), params.path("request"));
                case "Network.loadingFailed" -> {
                    if (params.hasNonNull("blockedReason")) {
                        blocked.put(params.path("requestId").asString(""), params.path("blockedReason").asString(""));
                    }
                }
                default -> {
                }
            }
        }
        List<Request> requests = new ArrayList<>();
        sent.forEach((key, request) -> {
            Map<String, String> headers = new LinkedHashMap<>();
            request.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asString("")));
            JsonNode postData = request.path("postData");
            requests.add(new Request(request.path("method").asString(""), request.path("url").asString(""), headers,
                    postData.isMissingNode() ? null : postData.asString(""), blocked.get(key.substring(0, key.indexOf(' ')))));
        });
        return requests;
    }
}
