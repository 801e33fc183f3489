package io.gaas.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.ChromeBrowser;
import io.gaas.support.ChromeBrowser.Request;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;

/**
 * The API docs in a real (headless) browser: Swagger UI lists the whole contract and lets a person
 * log in with username and password (OAuth2 password flow) and call the API; ReDoc renders; neither
 * page asks any host but the service. Run with {@code -Dgaas.docs.screenshot=docs/images/swagger-ui.png}
 * to refresh the README's screenshot.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=docsadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
class DocsBrowserTests {

    /** Every v1 operation of the contract (API.md), as Swagger UI shows it: method and path. */
    static final Set<String> CONTRACT_OPERATIONS = Set.of(
            "POST /api/v1/auth/register",
            "POST /api/v1/auth/login",
            "POST /api/v1/auth/token",
            "POST /api/v1/auth/logout",
            "GET /api/v1/users/me",
            "POST /api/v1/users/me/password",
            "GET /api/v1/users/me/ledger",
            "POST /api/v1/jobs",
            "GET /api/v1/jobs",
            "GET /api/v1/jobs/{id}",
            "POST /api/v1/jobs/{id}/cancel",
            "PATCH /api/v1/jobs/{id}/status",
            "GET /api/v1/admin/users",
            "GET /api/v1/admin/users/{id}/ledger",
            "POST /api/v1/admin/users/{id}/quota-adjustments",
            "PATCH /api/v1/admin/users/{id}");

    static final String ADMIN = "docsadmin";

    @RegisterExtension
    static final ChromeBrowser browser = new ChromeBrowser();

    @LocalServerPort
    int port;

    TestHttp http;
    WebDriver driver;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        driver = browser.driver();
        // Swagger UI persists the authorization in localStorage: every test starts logged out.
        driver.get(baseUrl() + "/swagger-ui/index.html");
        ((JavascriptExecutor) driver).executeScript("window.localStorage.clear(); window.sessionStorage.clear();");
        browser.drainRequests();
    }

    @Test
    void openDocsWhenLoadedThenSwaggerUiListsEveryOperationOfTheContract() {
        driver.get(baseUrl() + "/docs");
        browser.waiting().until(ExpectedConditions.urlContains("/swagger-ui/index.html"));
        waitForOperations();

        Set<String> shown = driver.findElements(By.cssSelector(".opblock"))
            .stream()
            .map(block -> block.findElement(By.cssSelector(".opblock-summary-method")).getText().strip() + " "
                    + clean(block.findElement(By.cssSelector(".opblock-summary-path")).getText()))
            .collect(Collectors.toSet());
        assertThat(shown).containsExactlyInAnyOrderElementsOf(documentedOperations())
            .containsAll(CONTRACT_OPERATIONS);
        assertThat(driver.findElement(By.cssSelector(".info .title")).getText()).contains("GaaS");
    }

    /** Every operation of the service's own document, as Swagger UI names it: "METHOD /path". */
    private Set<String> documentedOperations() {
        var paths = http.get("/v3/api-docs", null).json().get("paths");
        return paths.propertyNames().stream()
            .flatMap(path -> paths.get(path).propertyNames().stream()
                .map(method -> method.toUpperCase(java.util.Locale.ROOT) + " " + path))
            .collect(Collectors.toSet());
    }

    @Test
    void submitJobWhenUserAuthorizesWithPasswordFlowThenPageShowsCreatedJob() {
        String user = TestHttp.uniqueName("docsuser");
        http.register(user);
        openSwaggerUi();

        authorize(user, TestHttp.PASSWORD);
        Request tokenRequest = browser.drainRequests()
            .stream()
            .filter(request -> request.url().endsWith("/api/v1/auth/token"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("Swagger UI sent no request to the token endpoint"));
        System.out.println("Swagger UI token request: " + tokenRequest);
        assertThat(tokenRequest.method()).isEqualTo("POST");
        assertThat(tokenRequest.postData()).contains("grant_type=password", "username=" + user);

        saveDocsScreenshotIfAsked();

        WebElement submit = tryItOut("POST", "/api/v1/jobs");
        typeBody(submit, "{\"name\": \"docs-train-resnet\", \"gpuHours\": 2.5}");
        execute(submit);

        assertThat(responseStatus(submit)).isEqualTo("201");
        assertThat(responseBody(submit)).contains("\"docs-train-resnet\"", "PENDING", user);
        assertThat(http.get("/api/v1/users/me", http.login(user)).decimal("quotaHours")).isEqualByComparingTo("7.5");
    }

    @Test
    void submitJobWhenHoursExceedWhatIsLeftThenPageShowsInsufficientQuota() {
        String user = TestHttp.uniqueName("docsuser");
        String token = http.registerAndLogin(user);
        assertThat(http.post("/api/v1/jobs", token, Map.of("name", "first", "gpuHours", 2.5)).status()).isEqualTo(201);
        openSwaggerUi();
        authorize(user, TestHttp.PASSWORD);

        WebElement submit = tryItOut("POST", "/api/v1/jobs");
        typeBody(submit, "{\"name\": \"too-big\", \"gpuHours\": 8}");
        execute(submit);

        assertThat(responseStatus(submit)).isEqualTo("400");
        assertThat(responseBody(submit)).contains("INSUFFICIENT_QUOTA");
        assertThat(http.get("/api/v1/users/me", token).decimal("quotaHours")).isEqualByComparingTo("7.5");
    }

    @Test
    void changeStatusWhenAdminAuthorizesInTheSameDialogThenJobSubmittedOnThePageIsApproved() {
        String user = TestHttp.uniqueName("docsuser");
        http.register(user);
        openSwaggerUi();
        authorize(user, TestHttp.PASSWORD);
        WebElement submit = tryItOut("POST", "/api/v1/jobs");
        typeBody(submit, "{\"name\": \"to-approve\", \"gpuHours\": 1.5}");
        execute(submit);
        assertThat(responseStatus(submit)).isEqualTo("201");
        String jobId = jobIdIn(responseBody(submit));

        logOut();
        authorize(ADMIN, TestHttp.PASSWORD);
        WebElement changeStatus = tryItOut("PATCH", "/api/v1/jobs/{id}/status");
        WebElement id = changeStatus.findElement(By.cssSelector("input[placeholder='id']"));
        id.sendKeys(jobId);
        typeBody(changeStatus, "{\"status\": \"APPROVED\"}");
        execute(changeStatus);

        assertThat(responseStatus(changeStatus)).isEqualTo("200");
        assertThat(responseBody(changeStatus)).contains("APPROVED", jobId);
        Response job = http.get("/api/v1/jobs/" + jobId, http.login(ADMIN));
        assertThat(job.text("status")).isEqualTo("APPROVED");
        assertThat(job.json().get("history").get(1).get("by").asString()).isEqualTo(ADMIN);
    }

    @Test
    void createPoolWhenAdminAuthorizesThenPageShowsCreatedAndPoolListsIt() {
        String name = TestHttp.uniqueName("docs").toLowerCase();
        openSwaggerUi();
        authorize(ADMIN, TestHttp.PASSWORD);

        WebElement create = tryItOut("POST", "/api/v1/admin/pools");
        typeBody(create, "{\"name\": \"" + name + "\", \"description\": \"A100 nodes\", \"gpus\": 8, \"weight\": 2, "
                + "\"autoApproveHours\": null}");
        execute(create);

        assertThat(responseStatus(create)).isEqualTo("201");
        assertThat(responseBody(create)).contains("\"" + name + "\"", "A100 nodes");

        // The list, on the same page (pools are ordered by name; one large page holds every pool of this test run)
        WebElement list = tryItOut("GET", "/api/v1/pools");
        WebElement size = list.findElement(By.cssSelector("tr[data-param-name='size'] input"));
        size.sendKeys(Keys.chord(Keys.CONTROL, "a"), "100");
        execute(list);
        assertThat(responseStatus(list)).isEqualTo("200");
        assertThat(responseBody(list)).contains("\"" + name + "\"", "A100 nodes");

        // Every user sees it, as it was created.
        Response pools = http.get("/api/v1/pools?size=100", http.registerAndLogin(TestHttp.uniqueName("docsuser")));
        assertThat(pools.json().get("content").valueStream()
            .filter(pool -> pool.get("name").asString().equals(name))
            .findFirst())
            .hasValueSatisfying(pool -> {
                assertThat(pool.get("gpus").asInt()).isEqualTo(8);
                assertThat(pool.get("weight").decimalValue()).isEqualByComparingTo("2");
                assertThat(pool.get("gpusInUse").asInt()).isZero();
                assertThat(pool.get("enabled").asBoolean()).isTrue();
            });
    }

    @Test
    void reloadWhenAuthorizedThenAuthorizationPersistsAndRequestStillSucceeds() {
        String user = TestHttp.uniqueName("docsuser");
        http.register(user);
        openSwaggerUi();
        authorize(user, TestHttp.PASSWORD);

        driver.navigate().refresh();
        waitForOperations();

        assertThat(driver.findElement(By.cssSelector(".auth-wrapper button.authorize")).getDomAttribute("class"))
            .contains("locked")
            .doesNotContain("unlocked");
        WebElement me = tryItOut("GET", "/api/v1/users/me");
        execute(me);
        assertThat(responseStatus(me)).isEqualTo("200");
        assertThat(responseBody(me)).contains("\"" + user + "\"");
        // display-request-duration: the duration is shown next to the response
        assertThat(me.findElement(By.xpath(".//h5[normalize-space()='Request duration']/following-sibling::pre")).getText())
            .matches("\\d+ ms");
    }

    @Test
    void useSwaggerUiWhenAuthorizingAndCallingTheApiThenBrowserAsksNoOtherHost() {
        String user = TestHttp.uniqueName("docsuser");
        http.register(user);
        driver.get(baseUrl() + "/docs");
        waitForOperations();
        authorize(user, TestHttp.PASSWORD);
        WebElement me = tryItOut("GET", "/api/v1/users/me");
        execute(me);
        assertThat(responseStatus(me)).isEqualTo("200");

        assertOnlyServiceWasAsked(browser.drainRequests());
    }

    @Test
    void openRedocWhenLoadedThenOperationsRenderWithoutAskingAnyOtherHost() {
        driver.get(baseUrl() + "/redoc");
        browser.waiting().until(d -> bodyText().contains("Submit a job"));

        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("GaaS — GPU quota service");
        assertThat(bodyText()).contains("Change a job's status (ADMIN, or a project's MANAGER)", "OAuth2 password grant (RFC 6749 §4.3)");
        List<Request> requests = browser.drainRequests();
        requests.stream().filter(request -> !request.sent()).forEach(request -> System.out.println(
                "ReDoc: the browser refused " + request.url() + " (" + request.blockedReason() + ")"));
        assertOnlyServiceWasAsked(requests);
    }

    // --- helpers -------------------------------------------------------------------------------

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    private void openSwaggerUi() {
        driver.get(baseUrl() + "/swagger-ui/index.html");
        waitForOperations();
    }

    private void waitForOperations() {
        browser.waiting().until(ExpectedConditions.presenceOfAllElementsLocatedBy(By.cssSelector(".opblock")));
    }

    private String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    private static String clean(String text) {
        return text.replace("\u200B", "").strip();
    }

    /**
     * Every request that left the browser went to the service. (A request the browser refused to
     * send, e.g. ReDoc's footer logo from cdn.redoc.ly under the page's Content-Security-Policy, did
     * not leave it.)
     */
    private void assertOnlyServiceWasAsked(List<Request> requests) {
        assertThat(requests).filteredOn(Request::sent).isNotEmpty();
        assertThat(requests).filteredOn(Request::sent)
            .extracting(Request::url)
            .allSatisfy(url -> assertThat(url).satisfiesAnyOf(
                    u -> assertThat(u).startsWith(baseUrl() + "/"),
                    u -> assertThat(u).startsWith("data:"),
                    u -> assertThat(u).startsWith("blob:"),
                    u -> assertThat(u).startsWith("about:")));
    }

    /** Logs in through the Authorize dialog with the OAuth2 password flow, then closes the dialog. */
    private void authorize(String username, String password) {
        driver.findElement(By.cssSelector(".auth-wrapper button.authorize")).click();
        WebElement usernameField = browser.waiting()
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("oauth_username")));
        usernameField.sendKeys(username);
        driver.findElement(By.id("oauth_password")).sendKeys(password);
        oauth2Section().findElement(By.xpath(".//button[normalize-space()='Authorize']")).click();
        browser.waiting()
            .withMessage(() -> "oauth2 login did not succeed: " + oauth2Section().getText())
            .until(d -> !oauth2Section().findElements(By.xpath(".//button[normalize-space()='Logout']")).isEmpty());
        closeDialog();
    }

    private void logOut() {
        driver.findElement(By.cssSelector(".auth-wrapper button.authorize")).click();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux")));
        oauth2Section().findElement(By.xpath(".//button[normalize-space()='Logout']")).click();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("oauth_username")));
        closeDialog();
    }

    private WebElement oauth2Section() {
        return driver.findElement(By.xpath(
                "//div[contains(@class,'modal-ux')]//div[contains(@class,'auth-container')][.//h4[contains(.,'oauth2')]]"));
    }

    private void closeDialog() {
        oauth2Section().findElement(By.xpath(".//button[normalize-space()='Close']")).click();
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
    }

    private WebElement operation(String method, String path) {
        return browser.waiting()
            .withMessage(() -> "no operation " + method + " " + path + " on the page")
            .until(d -> d.findElements(By.cssSelector(".opblock"))
                .stream()
                .filter(block -> block.findElement(By.cssSelector(".opblock-summary-method")).getText().strip().equals(method)
                        && clean(block.findElement(By.cssSelector(".opblock-summary-path")).getText()).equals(path))
                .findFirst()
                .orElse(null));
    }

    /** Expands the operation and clicks "Try it out". */
    private WebElement tryItOut(String method, String path) {
        WebElement block = operation(method, path);
        if (!block.getDomAttribute("class").contains("is-open")) {
            WebElement summary = block.findElement(By.cssSelector(".opblock-summary"));
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", summary);
            summary.click();
        }
        WebElement tryOut = browser.waiting()
            .until(d -> block.findElements(By.cssSelector(".try-out__btn"))
                .stream()
                .filter(button -> button.isDisplayed() && button.isEnabled())
                .findFirst()
                .orElse(null));
        tryOut.click();
        browser.waiting().until(d -> !block.findElements(By.cssSelector(".execute")).isEmpty());
        return block;
    }

    private void typeBody(WebElement block, String json) {
        WebElement body = block.findElement(By.cssSelector("textarea.body-param__text"));
        body.click();
        body.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        body.sendKeys(json);
        browser.waiting().until(d -> body.getDomProperty("value").equals(json));
    }

    private void execute(WebElement block) {
        WebElement execute = block.findElement(By.cssSelector(".execute"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", execute);
        execute.click();
        browser.waiting()
            .until(d -> !block.findElements(By.cssSelector(".live-responses-table tr.response > .response-col_status"))
                .isEmpty());
    }

    /** The live response's status code (the cell may add "Undocumented" below the number). */
    private String responseStatus(WebElement block) {
        return block.findElement(By.cssSelector(".live-responses-table tr.response > .response-col_status"))
            .getText()
            .strip()
            .split("\\s+")[0];
    }

    private String responseBody(WebElement block) {
        return block.findElement(By.cssSelector(".live-responses-table tr.response .response-col_description .highlight-code"))
            .getText();
    }

    private static String jobIdIn(String responseBody) {
        var matcher = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(responseBody);
        assertThat(matcher.find()).as("a job id in %s", responseBody).isTrue();
        return matcher.group(1);
    }

    /**
     * Refreshes the README's screenshot when {@code -Dgaas.docs.screenshot=<path>} is given: 1280x800,
     * logged in (the Authorize button locked), the Auth and Users groups folded so the Jobs operations show.
     */
    private void saveDocsScreenshotIfAsked() {
        String target = System.getProperty("gaas.docs.screenshot");
        if (target == null || target.isBlank()) {
            return;
        }
        Dimension size = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new Dimension(1280, 800));
            for (String tag : List.of("Auth", "Users")) {
                WebElement header = driver.findElement(By.cssSelector("h3.opblock-tag[data-tag='" + tag + "']"));
                header.click();
                browser.waiting().until(d -> "false".equals(header.getDomAttribute("data-is-open")));
            }
            WebElement schemes = driver.findElement(By.cssSelector(".scheme-container"));
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'});", schemes);
            browser.waiting().until(ExpectedConditions.visibilityOf(operation("POST", "/api/v1/jobs")));
            browser.screenshot(Path.of(target));
        }
        finally {
            driver.manage().window().setSize(size);
        }
    }
}
