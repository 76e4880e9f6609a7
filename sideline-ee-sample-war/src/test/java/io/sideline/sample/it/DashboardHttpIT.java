package io.sideline.sample.it;

import io.sideline.ee.dashboard.SecurityHeaders;
import io.sideline.ee.model.Step;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.withDelay;
import static io.sideline.sample.it.SampleWorkflows.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 §2 over HTTP against the sample on Liberty: the dashboard's authentication (401), role (403), the
 * X-Requested-By rule (403), its headers, its status codes (409, 400), bounded pages, and that none of its resources
 * answers outside {@code /sample/sideline/} although the sample's own JAX-RS application scans the WAR's jars.
 */
class DashboardHttpIT {

    private static final SampleApi SAMPLE = SampleApi.fromSystemProperties();
    private static final DashboardHttp ADMIN = DashboardHttp.admin();
    private static final String API = DashboardHttp.API;

    @BeforeAll
    static void serverIsUp() {
        SAMPLE.awaitReady(Duration.ofSeconds(120));
    }

    @ParameterizedTest
    @ValueSource(strings = {API + "runs", API + "queues", API + "stats", "sample/sideline/", "sample/sideline/app.js"})
    void withoutAUserEveryDashboardPathIs401(String path) {
        HttpResponse<String> response = DashboardHttp.as(null).get(path);

        assertEquals(401, response.statusCode(), path + ": " + response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {API + "runs", API + "workers", "sample/sideline/"})
    void aUserWithoutTheRoleIs403(String path) {
        assertEquals(403, DashboardHttp.as(DashboardHttp.VIEWER).get(path).statusCode(), path);
    }

    @Test
    void aUserWithTheRoleReadsTheApiAndThePage() {
        HttpResponse<String> runs = ADMIN.get(API + "runs?limit=5");
        assertEquals(200, runs.statusCode(), runs.body());
        assertTrue(SampleApi.json(runs).containsKey("runs"), runs.body());

        HttpResponse<String> page = ADMIN.get("sample/sideline/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"app.js\""), page.body());
    }

    @Test
    void aPostWithoutXRequestedByIs403AndChangesNothing() {
        HttpResponse<String> response = DashboardHttp.as(DashboardHttp.ADMIN).post(API + "queues/default/pause");

        assertEquals(403, response.statusCode(), response.body());
        assertTrue(SampleApi.json(response).getString("error").contains("X-Requested-By"), response.body());
        assertFalse(paused("default"), "the queue was paused by a request without the header");
    }

    @Test
    void aDeleteWithoutXRequestedByIs403() {
        assertEquals(403, DashboardHttp.as(DashboardHttp.ADMIN).delete(API + "dead/no-such-jid").statusCode());
        assertEquals(404, ADMIN.delete(API + "dead/no-such-jid").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {API + "runs", API + "runs?state=NOPE", "sample/sideline/", "sample/sideline/app.js",
            "sample/sideline/style.css"})
    void everyAnswerOfTheDashboardCarriesTheSecurityHeaders(String path) {
        HttpResponse<String> response = ADMIN.get(path);

        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        // Liberty appends its own "no-cache=set-cookie" to the value the filter sets
        assertTrue(response.headers().firstValue("Cache-Control").orElse("").startsWith("no-store"), path);
        String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.startsWith("default-src 'self'") && csp.contains("script-src 'self';")
                && !csp.contains("unsafe-inline"), path + ": " + csp);
    }

    @ParameterizedTest
    @ValueSource(strings = {API + "runs", "sample/sideline/", "sample/sideline/app.js"})
    void theContainersOwn401And403CarryTheDashboardsSecurityHeadersToo(String path) {
        HttpResponse<String> challenge = DashboardHttp.as(null).get(path);
        HttpResponse<String> forbidden = DashboardHttp.as(DashboardHttp.VIEWER).get(path);
        assertEquals(401, challenge.statusCode(), path);
        assertEquals(403, forbidden.statusCode(), path);

        for (HttpResponse<String> response : List.of(challenge, forbidden)) {
            SecurityHeaders.HEADERS.forEach((name, value) -> {
                String answered = response.headers().firstValue(name).orElse(null);
                String where = path + " (" + response.statusCode() + ") " + name;
                if (name.equals("Cache-Control")) { // Liberty may append its own no-cache=set-cookie
                    assertTrue(answered != null && answered.startsWith(value), where + ": " + answered);
                } else {
                    assertEquals(value, answered, where);
                }
            });
        }
    }

    @Test
    void cancelOfAFinishedRunIs409WithTheReason() {
        String runId = SAMPLE.run(record("dash-finished"));
        SAMPLE.awaitFinished(runId, Duration.ofSeconds(60));

        HttpResponse<String> response = ADMIN.post(API + "runs/" + runId + "/cancel");

        assertEquals(409, response.statusCode(), response.body());
        JsonObject answer = SampleApi.json(response);
        assertEquals("REFUSED", answer.getString("outcome"));
        assertEquals("SUCCEEDED", answer.getString("state"));
        assertEquals(409, ADMIN.post(API + "runs/" + runId + "/retry").statusCode(), "retry of a SUCCEEDED run");
        assertEquals(404, ADMIN.post(API + "runs/no-such-run/cancel").statusCode());
    }

    @Test
    void aRunThatDidNotChangeIs304WithoutABodySoThePageDoesNotFetchItsGraphAgain() {
        // a run that waits for its delayed first step: unchanged until it is cancelled
        String runId = SAMPLE.run(withDelay(record("dash-etag"), 60_000));
        HttpResponse<String> first = ADMIN.get(API + "runs/" + runId);
        assertEquals(200, first.statusCode(), first.body());
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = ADMIN.getIfNoneMatch(API + "runs/" + runId, etag);
        assertEquals(304, again.statusCode(), again.body());
        assertEquals("", again.body());
        assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());

        assertEquals(200, ADMIN.post(API + "runs/" + runId + "/cancel").statusCode());
        HttpResponse<String> changed = ADMIN.getIfNoneMatch(API + "runs/" + runId, etag);
        assertEquals(200, changed.statusCode(), "a changed run is sent again");
        assertEquals("CANCELLED", SampleApi.json(changed).getString("state"));
        assertFalse(etag.equals(changed.headers().firstValue("ETag").orElseThrow()));
    }

    @Test
    void aRunComesWithItsGraphEveryJobNodeWithStateAndJid() {
        String runId = SAMPLE.run(SampleWorkflows.seedWorkflow());
        SAMPLE.awaitFinished(runId, Duration.ofSeconds(60));

        JsonObject run = SampleApi.json(ADMIN.get(API + "runs/" + runId));

        assertEquals("SUCCEEDED", run.getString("state"));
        JsonArray chain = run.getJsonObject("graph").getJsonArray("chain");
        assertEquals("Task1", chain.getJsonObject(0).getString("job"));
        assertEquals("succeeded", chain.getJsonObject(0).getString("state"));
        assertNotNull(chain.getJsonObject(0).getString("jid"));
        assertEquals(2, chain.getJsonObject(1).getJsonArray("group").size());
        assertEquals(404, ADMIN.get(API + "runs/no-such-run").statusCode());
    }

    @Test
    void aDeadJobIsListedWithItsErrorAndItsRetryResumesTheRun() {
        String runId = SAMPLE.run(io.sideline.ee.Sideline.chain(io.sideline.ee.Sideline.job("Flaky", "dash-dead", 1),
                record("dash-after-dead")));
        assertEquals("FAILED", SAMPLE.awaitFinished(runId, Duration.ofSeconds(60)).getString("state"));

        JsonObject dead = io.sideline.ee.test.Await.until("the Flaky job in the dead set", Duration.ofSeconds(30),
                () -> SampleApi.json(ADMIN.get(API + "dead?limit=500")).getJsonArray("jobs").stream()
                        .map(v -> v.asJsonObject()).filter(j -> runId.equals(j.getString("runId", null))).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        assertEquals("Flaky", dead.getString("class"));
        assertEquals("dash-dead", dead.getJsonArray("args").getString(0));
        assertEquals("java.lang.IllegalStateException", dead.getString("errorClass"));
        assertTrue(dead.getString("errorMessage").contains("fails execution 1"), dead.toString());

        HttpResponse<String> retry = ADMIN.post(API + "dead/" + dead.getString("jid") + "/retry");

        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals("SUCCEEDED", SAMPLE.awaitFinished(runId, Duration.ofSeconds(60)).getString("state"));
        assertEquals(List.of("dash-dead", "dash-after-dead"),
                SAMPLE.records(runId).stream().map(r -> r.label()).toList());
    }

    @Test
    void badInputIsA400WithTheReason() {
        HttpResponse<String> state = ADMIN.get(API + "runs?state=DONE");
        assertEquals(400, state.statusCode());
        assertTrue(SampleApi.json(state).getString("error").contains("unknown state 'DONE'"), state.body());

        HttpResponse<String> cursor = ADMIN.get(API + "runs?cursor=not-a-cursor");
        assertEquals(400, cursor.statusCode(), cursor.body());
        assertTrue(SampleApi.json(cursor).containsKey("error"), cursor.body());

        HttpResponse<String> limit = ADMIN.get(API + "dead?limit=0");
        assertEquals(400, limit.statusCode());
        assertTrue(SampleApi.json(limit).getString("error").contains("limit must be at least 1"), limit.body());

        assertEquals(400, ADMIN.post(API + "queues/bad%20queue/pause").statusCode());
    }

    @Test
    void aPageNeverHoldsMoreThan500EvenWhenMoreIsAsked() {
        List<Step> delayed = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            delayed.add(withDelay(record("dash-page-" + i), Duration.ofHours(1).toMillis()));
        }
        String runId = SAMPLE.run(group(delayed.toArray(Step[]::new)));
        try {
            JsonObject page = io.sideline.ee.test.Await.until("the 501 delayed jobs to be scheduled",
                    Duration.ofSeconds(60), () -> SampleApi.json(ADMIN.get(API + "scheduled?limit=100000")),
                    p -> p.getJsonArray("jobs").size() == 500);

            assertEquals(500, page.getJsonArray("jobs").size());
            assertFalse(page.isNull("next"), "a cursor to the rest");
            JsonObject rest = SampleApi.json(ADMIN.get(API + "scheduled?limit=100000&cursor=" + page.getString("next")));
            assertTrue(rest.getJsonArray("jobs").size() >= 1, rest.toString());
        } finally {
            assertEquals(200, ADMIN.post(API + "runs/" + runId + "/cancel").statusCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"runs", "queues", "workers", "stats", "dead", "retry", "scheduled", "runs/x"})
    void nothingOfTheDashboardAnswersUnderTheSamplesOwnApiPath(String resource) {
        for (String user : new String[] {null, DashboardHttp.ADMIN}) {
            HttpResponse<String> response = DashboardHttp.as(user).get("sample/api/" + resource);
            assertEquals(404, response.statusCode(), "sample/api/" + resource + " as " + user + ": " + response.body());
        }
        HttpResponse<String> pause = ADMIN.post("sample/api/queues/default/pause");
        assertEquals(404, pause.statusCode(), pause.body());
        assertFalse(paused("default"));
    }

    /** {@code GET api/queues}: a JSON array. */
    static JsonArray queues() {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(ADMIN.get(API + "queues").body()))) {
            return reader.readArray();
        }
    }

    static boolean paused(String queue) {
        return queues().stream().map(v -> v.asJsonObject())
                .filter(q -> q.getString("name").equals(queue))
                .anyMatch(q -> q.getBoolean("paused"));
    }
}
