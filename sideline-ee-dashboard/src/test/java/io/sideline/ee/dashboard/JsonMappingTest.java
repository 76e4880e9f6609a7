package io.sideline.ee.dashboard;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The API's JSON shapes, as the issue spells them, through the same JSON-B the server uses (Yasson). */
class JsonMappingTest {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    private static JsonObject json(Object value) {
        try (var reader = Json.createReader(new StringReader(JSONB.toJson(value)))) {
            return reader.readObject();
        }
    }

    @Test
    void aJobRowNamesItsClassAndEmbedsItsArgumentsAsJson() {
        var entry = new SidelineAdmin.JobEntry("j1", "Flaky", "default", "[\"<img src=x>\",2]", "r1", "java.lang.X",
                "boom", Instant.parse("2026-12-04T16:00:00Z"), 0, Instant.parse("2026-12-04T16:00:00Z"));
        JsonObject row = json(new JobView.Page(List.of(JobView.of(entry)), "c2")).getJsonArray("jobs").getJsonObject(0);
        assertEquals("Flaky", row.getString("class"));
        assertEquals("<img src=x>", row.getJsonArray("args").getString(0));
        assertEquals(2, row.getJsonArray("args").getInt(1));
        assertEquals("r1", row.getString("runId"));
        assertEquals("boom", row.getString("errorMessage"));
        assertEquals("2026-12-04T16:00:00Z", row.getString("failedAt"));
    }

    @Test
    void argumentsThatAreNotJsonAreShownAsTextNotLost() {
        var entry = new SidelineAdmin.JobEntry("j1", "X", "q", "not json [", null, null, null, null, 0, null);
        assertEquals("not json [", json(JobView.of(entry)).getString("args"));
    }

    @Test
    void theRunsOfCallbacksAreListedOnlyWhenAskedForAndTheirOutcomeShowsOnTheParent() {
        Instant at = Instant.parse("2026-12-04T16:00:00Z");
        var parent = new RunStatus("r1", RunState.FAILED, 3, 2, 1, at, at, null, false, null, List.of(), List.of(),
                RunState.SUCCEEDED);
        var callbacks = new RunStatus("r1:callbacks:1", RunState.SUCCEEDED, 1, 1, 0, at, at, null, false);
        var other = new RunStatus("r2", RunState.RUNNING, 1, 0, 0, at, null, null, false);
        var page = new SidelineAdmin.Page<>(List.of(callbacks, parent, other), "c2");

        JsonObject listed = json(RunSummary.page(page, false));
        assertEquals(List.of("r1", "r2"), listed.getJsonArray("runs").stream()
                .map(r -> r.asJsonObject().getString("runId")).toList(), "the parent's row stands for its callbacks");
        assertEquals("c2", listed.getString("next"), "the page goes on after the rows left out");
        assertEquals("SUCCEEDED", listed.getJsonArray("runs").getJsonObject(0).getString("callbacks"));
        assertEquals(false, listed.getJsonArray("runs").getJsonObject(1).containsKey("callbacks"));

        JsonObject all = json(RunSummary.page(page, true));
        assertEquals(List.of("r1:callbacks:1", "r1", "r2"), all.getJsonArray("runs").stream()
                .map(r -> r.asJsonObject().getString("runId")).toList());
        assertEquals("SUCCEEDED", json(RunDetail.of(parent, jakarta.json.JsonValue.NULL, Map.of()))
                .getString("callbacks"), "a run's page shows callbacks: SUCCEEDED|FAILED beside its state");
    }

    @Test
    void aRunPageHasTheIssuesFieldsAndItsCursor() {
        var status = new RunStatus("r1", RunState.FAILED, 3, 2, 1, Instant.parse("2026-12-04T16:00:00Z"),
                Instant.parse("2026-12-04T16:00:01Z"), null, false);
        JsonObject page = json(new RunSummary.Page(List.of(RunSummary.of(status)), "next-1"));
        JsonObject run = page.getJsonArray("runs").getJsonObject(0);
        assertEquals(List.of("finishedAt", "jobsDone", "jobsFailed", "jobsTotal", "runId", "startedAt", "state"),
                run.keySet().stream().sorted().toList());
        assertEquals("FAILED", run.getString("state"));
        assertEquals("next-1", page.getString("next"));
    }

    @Test
    void aRunEmbedsItsGraphAsJsonWithTheErrorsOfItsDeadNodes() {
        var status = new RunStatus("r1", RunState.FAILED, 2, 1, 1, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, false);
        var graph = JsonText.parse("{\"chain\":[{\"job\":\"A\",\"state\":\"succeeded\",\"jid\":\"a\"},"
                + "{\"job\":\"B\",\"state\":\"dead\",\"jid\":\"b\"}]}");
        var detail = json(RunDetail.of(status, graph, Map.of("b", new NodeErrors.NodeError("X", "boom", 0))));
        assertEquals("dead", detail.getJsonObject("graph").getJsonArray("chain").getJsonObject(1).getString("state"));
        assertEquals("boom", detail.getJsonObject("errors").getJsonObject("b").getString("errorMessage"));
    }

    @Test
    void onlyDeadAndRetryingNodesAreLookedUpForErrors() {
        var graph = JsonText.parse("{\"group\":[{\"job\":\"A\",\"state\":\"dead\",\"jid\":\"a\"},"
                + "{\"delay\":5,\"step\":{\"job\":\"B\",\"state\":\"retrying\",\"jid\":\"b\"}},"
                + "{\"job\":\"C\",\"state\":\"succeeded\",\"jid\":\"c\"},{\"job\":\"D\",\"state\":\"pending\",\"jid\":null}]}");
        var jids = new java.util.HashSet<String>();
        NodeErrors.collect(graph, jids);
        assertEquals(java.util.Set.of("a", "b"), jids);
    }

    @Test
    void aControlAnswerMapsOutcomesToTheIssuesStatusCodes() {
        assertEquals(200, ControlAnswer.status(ControlResult.Outcome.APPLIED).getStatusCode());
        assertEquals(409, ControlAnswer.status(ControlResult.Outcome.REFUSED).getStatusCode());
        assertEquals(404, ControlAnswer.status(ControlResult.Outcome.NOT_FOUND).getStatusCode());
        JsonObject answer = json(new ControlAnswer(ControlResult.Outcome.REFUSED, RunState.SUCCEEDED, 0, "finished"));
        assertEquals("REFUSED", answer.getString("outcome"));
        assertEquals("SUCCEEDED", answer.getString("state"));
        assertEquals("finished", answer.getString("reason"));
    }
}
