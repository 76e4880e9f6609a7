package io.sideline.sample.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static io.sideline.sample.it.SampleWorkflows.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 §3: the dashboard's page in headless Chromium (Debian's chromium and chromedriver, named explicitly;
 * Selenium Manager offline) against the sample on Liberty, one browser for the whole class. The browser logs in as
 * admin by BASIC (an Authorization header set once through the DevTools protocol, as a browser that has cached the
 * credentials sends them). Waits are explicit conditions on the page, never sleeps. With the system property
 * {@code sideline.screenshots.dir} (the {@code screenshots} profile) it writes the README's screenshots.
 */
class DashboardBrowserIT {

    private static final SampleApi SAMPLE = SampleApi.fromSystemProperties();
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String BASE = "http://127.0.0.1:" + System.getProperty("http.port") + "/";
    private static final String PAGE = BASE + "sample/sideline/";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void openBrowser() {
        SAMPLE.awaitReady(Duration.ofSeconds(120));
        boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        String missing = "the browser ITs need Debian's chromium and chromedriver: apt-get install -y chromium chromium-driver";
        // CI (.ci/run installs both and sets SIDELINE_REQUIRE_BROWSER) fails without them; a developer's box without
        // them skips these tests, loudly, so that `mvn verify` still runs everything else on a machine with a JDK
        if (System.getenv("SIDELINE_REQUIRE_BROWSER") != null) {
            assertTrue(installed, missing);
        }
        Assumptions.assumeTrue(installed, missing + " (skipped: SIDELINE_REQUIRE_BROWSER is not set)");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1360,900");
        browser = new ChromeDriver(service, options);
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("Authorization", DashboardHttp.basic(DashboardHttp.ADMIN))));
        wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aRunProgressesToSucceededOnItsGraph() {
        String runId = SAMPLE.run(chain(record("P1", 4000), group(record("P2", 200), chain(record("P3"), record("P4"))),
                withDelay(record("P5"), 500)));

        open("/run/" + runId);

        wait.until(d -> "RUNNING".equals(text("#run-state")) && nodeStates().size() == 5
                && nodeStates().stream().anyMatch(s -> !s.equals("succeeded")));
        assertEquals(1, browser.findElements(By.cssSelector("#run-graph [data-delay='500']")).size(), "the delay is marked");
        wait.until(d -> "SUCCEEDED".equals(text("#run-state"))
                && nodeStates().equals(List.of("succeeded", "succeeded", "succeeded", "succeeded", "succeeded")));
    }

    @Test
    void aBigGroupIsOneBoxWithCountsByState() {
        io.sideline.ee.model.Step[] members = new io.sideline.ee.model.Step[20];
        for (int i = 0; i < members.length; i++) {
            members[i] = record("G" + i);
        }
        String runId = SAMPLE.run(chain(record("G-before"), group(members)));
        SAMPLE.awaitFinished(runId, WAIT);

        open("/run/" + runId);
        wait.until(d -> nodeStates().size() == 1);

        assertEquals(1, browser.findElements(By.cssSelector("#run-graph [data-group-size='20']")).size());
        click("#run-graph [data-group-size='20'] rect:last-of-type");
        wait.until(d -> text("#node-detail").contains("Group of 20") && text("#node-detail").contains("20 succeeded"));
    }

    @Test
    void aFailedRunShowsItsErrorAndIsRetriedFromThePage() {
        String runId = SAMPLE.run(chain(record("F0"), group(job("Flaky", "F1", 1), record("F2"), record("F3")),
                record("F4")));

        open("/run/" + runId);
        wait.until(d -> "FAILED".equals(text("#run-state")) && nodeStates().contains("dead"));
        assertEquals("pending", nodeStates().get(4), "the successor of the dead job never ran");
        click("#run-graph [data-state='dead'] rect");
        wait.until(d -> text("#node-error").contains("Flaky F1 fails execution 1"));
        assertEquals("Flaky", text("#node-job"));
        screenshot("dashboard-run.png");

        click("#run-retry");

        wait.until(d -> "SUCCEEDED".equals(text("#run-state")) && nodeStates().stream().allMatch("succeeded"::equals));
        assertTrue(SAMPLE.records(runId).stream().anyMatch(r -> r.label().equals("F4")), "the run went on after F1");
    }

    @Test
    void theRunsListFiltersByStateAndTheDeadListRetriesAJob() {
        String runId = SAMPLE.run(chain(job("Flaky", "L1", 1), record("L2")));
        assertEquals("FAILED", SAMPLE.awaitFinished(runId, WAIT).getString("state"));
        String jid = SampleApi.json(DashboardHttp.admin().get(DashboardHttp.API + "runs/" + runId))
                .getJsonObject("graph").getJsonArray("chain").getJsonObject(0).getString("jid");

        open("/runs?state=FAILED");
        wait.until(d -> !browser.findElements(By.cssSelector("tr[data-run='" + runId + "']")).isEmpty());
        assertTrue(browser.findElements(By.cssSelector("#runs .r-SUCCEEDED")).isEmpty(), "only FAILED runs listed");

        open("/jobs/dead");
        click("tr[data-jid='" + jid + "'] button.retry");
        wait.until(d -> text("#jobs-message").contains("Retry: " + jid));
        assertEquals("SUCCEEDED", SAMPLE.awaitFinished(runId, WAIT).getString("state"));
    }

    @Test
    void aDelayedRunIsCancelledFromThePage() {
        String runId = SAMPLE.run(chain(withDelay(record("C1"), Duration.ofMinutes(10).toMillis()), record("C2")));

        open("/run/" + runId);
        wait.until(d -> nodeStates().size() == 2 && nodeStates().get(0).equals("scheduled"));
        click("#run-cancel");

        wait.until(d -> "CANCELLED".equals(text("#run-state")));
        assertEquals("CANCELLED", SAMPLE.status(runId).getString("state"));
        assertTrue(browser.findElement(By.id("run-cancel")).getAttribute("disabled") != null, "nothing left to cancel");
    }

    @Test
    void aQueueIsPausedAndResumedFromTheOverview() {
        open("/");
        wait.until(d -> !browser.findElements(By.cssSelector("#workers table")).isEmpty()
                && !browser.findElements(By.cssSelector("tr[data-queue='default'] button")).isEmpty());
        screenshot("dashboard-overview.png");
        try {
            click("tr[data-queue='default'] button");
            wait.until(d -> "paused".equals(text("tr[data-queue='default'] .queue-state")));
            assertTrue(DashboardHttpIT.paused("default"), "the API says paused too");

            click("tr[data-queue='default'] button");
            wait.until(d -> "active".equals(text("tr[data-queue='default'] .queue-state")));
            assertFalse(DashboardHttpIT.paused("default"));
        } finally {
            DashboardHttp.admin().post(DashboardHttp.API + "queues/default/resume");
        }
    }

    @Test
    void aJobArgumentIsRenderedAsTextNeverAsHtml() {
        String evil = "<img src=x onerror=alert(1)>";
        String runId = SAMPLE.run(record(evil));
        SAMPLE.awaitFinished(runId, WAIT);

        open("/run/" + runId);
        click("#run-graph [data-node='0'] rect");

        wait.until(d -> text("#node-args").contains(evil));
        assertTrue(text("#run-graph [data-node='0'] .sub").contains("<img"), "the node's label shows it as text");
        assertEquals(0L, browser.executeScript("return document.querySelectorAll('img').length"), "no img element");
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    }

    @Test
    void aCrossSiteFormPostWithoutTheHeaderIsRefused() {
        String form = "<form method='post' action='" + PAGE + "api/queues/default/pause'><button id='go'>go</button></form>";
        browser.get("data:text/html," + URLEncoder.encode(form, StandardCharsets.UTF_8).replace("+", "%20"));

        click("#go");

        wait.until(d -> browser.findElement(By.tagName("body")).getText().contains("needs the header X-Requested-By"));
        assertFalse(DashboardHttpIT.paused("default"), "the forged POST paused the queue");
    }

    /** Loads the page afresh (a new query string: never a hash change on the previous test's view) at a route. */
    private static void open(String route) {
        browser.get(PAGE + "?at=" + System.nanoTime() + "#" + route);
        wait.until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("^live")));
    }

    private static void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    private static String text(String css) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    /** The states of the run graph's job nodes, in document order (read in one script: the graph is redrawn live). */
    @SuppressWarnings("unchecked")
    private static List<String> nodeStates() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#run-graph [data-node]'))"
                + ".sort((a, b) => a.dataset.node - b.dataset.node).map(e => e.getAttribute('data-state'))");
    }

    /** Writes a screenshot of the page for the docs, only when asked (-Pscreenshots). */
    private static void screenshot(String name) {
        String dir = System.getProperty("sideline.screenshots.dir", "");
        if (dir.isBlank()) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
