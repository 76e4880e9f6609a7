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
