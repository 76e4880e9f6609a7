package io.sideline.wildfly.it;

import io.sideline.ee.dashboard.SecurityHeaders;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard on WildFly, over real HTTP (a client-only deployment of a WAR with the dashboard jar): BASIC login
 * against WildFly's default application realm with the users {@link DashboardUsers} writes, nothing else configured
 * for security (no jboss-web.xml: Undertow's default {@code other} domain serves the web fragment's constraint), and
 * docs/dashboard.md's Undertow recipe, applied by {@link WildFlySuite} with the CLI, so that the container's own 401
 * and 403 carry every header of {@link SecurityHeaders#HEADERS}, as {@code DashboardHttpIT} proves on Open Liberty.
 */
@ExtendWith({WildFlySuite.class, ArquillianExtension.class})
class DashboardWildFlyIT {

    /** The WAR's context root, which the suite's header filters are set up for. */
    static final String CONTEXT_ROOT = "/dashboard";

    private static final String API = "sideline/api/";
    /** A queue no other IT uses: pausing it stops nothing. */
    private static final String PROBE_QUEUE = "wildfly-dashboard-probe";
    /** What Undertow adds to the container's own 401 and 403 of a page under a security constraint. */
    private static final String UNDERTOW_SECURED_PAGE_CACHE_CONTROL = "no-cache, no-store, must-revalidate";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        File dir = new File(System.getProperty("wildfly.it.dir", "target/wildfly-it"), "dashboard");
        File[] jars = Objects.requireNonNull(dir.listFiles((d, name) -> name.startsWith("sideline-ee-dashboard")),
                "no " + dir + ": run the build's pre-integration-test phase");
        return TestWar.create(CONTEXT_ROOT.substring(1) + ".war").addAsLibraries(jars);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sideline", "sideline/", "sideline/app.js", API + "runs"})
    void withoutAUserTheContainersOwn401CarriesEverySecurityHeader(String path) {
        HttpResponse<String> response = send(path, null, "GET", false);

        assertEquals(401, response.statusCode(), path + ": " + response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), path);
        assertEverySecurityHeader(response, path);
    }

    @Test
    void theApplicationsOwnPathsGetNoneOfTheHeaders() {
        HttpResponse<String> response = send("not-the-dashboard", DashboardUsers.ADMIN, "GET", false);

        assertEquals(404, response.statusCode(), response.body());
        SecurityHeaders.HEADERS.keySet().forEach(name ->
                assertEquals(List.of(), response.headers().allValues(name), "outside /sideline: " + name));
    }

    @Test
    void aWrongPasswordIs401() {
        DashboardUsers.User impostor = new DashboardUsers.User("admin", "not-the-password", null);

        assertEquals(401, send(API + "runs", impostor, "GET", false).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sideline/", "sideline/app.js", API + "runs"})
    void aUserWithoutARoleGetsTheContainersOwn403WithEverySecurityHeader(String path) {
        HttpResponse<String> response = send(path, DashboardUsers.NO_ROLE, "GET", false);

        assertEquals(403, response.statusCode(), path + ": " + response.body());
        assertEverySecurityHeader(response, path);
    }

    @Test
    void aUserInAnotherRoleIsRefusedReadsAndWritesAlike() {
        HttpResponse<String> read = send(API + "runs", DashboardUsers.VIEWER, "GET", false);
        HttpResponse<String> write = send(API + "queues/" + PROBE_QUEUE + "/pause", DashboardUsers.VIEWER, "POST", true);

        assertEquals(403, read.statusCode(), read.body());
        assertEquals(403, write.statusCode(), write.body());
        assertEverySecurityHeader(write, "the viewer's POST");
        assertFalse(paused(PROBE_QUEUE), "the viewer paused the queue");
    }

    @Test
    void theAdminReadsTheApiAndThePageWithEverySecurityHeader() {
        HttpResponse<String> runs = send(API + "runs?limit=5", DashboardUsers.ADMIN, "GET", false);
        HttpResponse<String> page = send("sideline/", DashboardUsers.ADMIN, "GET", false);

        assertEquals(200, runs.statusCode(), runs.body());
        assertTrue(json(runs).asJsonObject().containsKey("runs"), runs.body());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<script src=\"app.js\""), page.body());
        assertEverySecurityHeader(runs, "runs");
        assertEverySecurityHeader(page, "the page");
    }

    @Test
    void theAdminsPostWithoutXRequestedByIs403AndPausesNothing() {
        HttpResponse<String> response = send(API + "queues/" + PROBE_QUEUE + "/pause", DashboardUsers.ADMIN, "POST", false);

        assertEquals(403, response.statusCode(), response.body());
        assertTrue(json(response).asJsonObject().getString("error").contains("X-Requested-By"), response.body());
        assertEverySecurityHeader(response, "the POST without X-Requested-By");
        assertFalse(paused(PROBE_QUEUE), "a POST without X-Requested-By paused the queue");
    }

    @Test
    void theAdminsPostWithXRequestedByPausesAndResumesAQueue() {
        try {
            HttpResponse<String> pause = send(API + "queues/" + PROBE_QUEUE + "/pause", DashboardUsers.ADMIN, "POST", true);
            assertEquals(200, pause.statusCode(), pause.body());
            assertTrue(paused(json(pause).asJsonArray(), PROBE_QUEUE), pause.body());
        } finally {
            HttpResponse<String> resume = send(API + "queues/" + PROBE_QUEUE + "/resume", DashboardUsers.ADMIN, "POST", true);
            assertEquals(200, resume.statusCode(), resume.body());
            assertFalse(paused(json(resume).asJsonArray(), PROBE_QUEUE), resume.body());
        }
    }

    /**
     * Every header of the dashboard's list, once, with the list's value; Cache-Control may be followed by the line
     * Undertow adds to a secured page's own 401 and 403, which agrees with no-store.
     */
    private static void assertEverySecurityHeader(HttpResponse<String> response, String what) {
        SecurityHeaders.HEADERS.forEach((name, value) -> {
            List<String> answered = response.headers().allValues(name);
            String where = what + " (" + response.statusCode() + ") " + name + ": " + String.join(" | ", answered);
            if (name.equals("Cache-Control")) {
                assertFalse(answered.isEmpty(), where);
                assertEquals(value, answered.get(0), where);
                assertTrue(answered.stream().skip(1).allMatch(UNDERTOW_SECURED_PAGE_CACHE_CONTROL::equals), where);
            } else {
                assertEquals(List.of(value), answered, where);
            }
        });
    }

    private boolean paused(String queue) {
        HttpResponse<String> queues = send(API + "queues", DashboardUsers.ADMIN, "GET", false);
        assertEquals(200, queues.statusCode(), queues.body());
        return paused(json(queues).asJsonArray(), queue);
    }

    private static boolean paused(JsonArray queues, String queue) {
        return queues.stream().map(JsonObject.class::cast)
                .anyMatch(q -> q.getString("name").equals(queue) && q.getBoolean("paused"));
    }

    private static jakarta.json.JsonValue json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readValue();
        }
    }

    /** One request under the WAR's context root, as {@code user} (null: anonymous), with or without X-Requested-By. */
    private HttpResponse<String> send(String path, DashboardUsers.User user, String method, boolean requestedBy) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root).resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", user.basic());
        }
        if (requestedBy) {
            request.header("X-Requested-By", "dashboard-wildfly-it");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
