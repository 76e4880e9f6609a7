package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.withDelay;
import static io.sideline.sample.it.SampleWorkflows.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST API: runs, their status and records, and the errors a client can make. */
class WorkflowRestIT {

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void theEightTaskGraphSucceedsWithEveryJobOnceInGraphOrder() {
        Step graph = SampleWorkflows.eightTaskGraph();
        Instant submittedAt = Instant.now();
        String runId = API.run(graph);

        JsonObject status = API.awaitFinished(runId, RUN_TIMEOUT);

        assertEquals(SampleApi.SUCCEEDED, status.getString("state"), status.toString());
        assertEquals(runId, status.getString("runId"));
        assertEquals(8, status.getJsonNumber("jobsTotal").longValue(), status.toString());
        assertEquals(8, status.getJsonNumber("jobsDone").longValue(), status.toString());
        assertEquals(0, status.getJsonNumber("jobsFailed").longValue(), status.toString());
        Instant startedAt = Instant.parse(status.getString("startedAt"));
        Instant finishedAt = Instant.parse(status.getString("finishedAt"));
        assertFalse(finishedAt.isBefore(startedAt), status.toString());
        SampleRecords.dagOf(graph).submittedAt(submittedAt).check(SampleRecords.executions(API.records(runId)));
    }

    @Test
    void jobsTotalCountsTheJobsOfTheTreeEvenWithADelayedEmptyStep() {
        // RunStatus.jobsTotal is "jobs in the workflow tree": a delay around nothing is no job
        Step workflow = chain(record("A"), withDelay(group(), 50), record("B"));
        String runId = API.run(workflow);

        JsonObject status = API.awaitFinished(runId, RUN_TIMEOUT);

        assertEquals(SampleApi.SUCCEEDED, status.getString("state"), status.toString());
        SampleRecords.dagOf(workflow).check(SampleRecords.executions(API.records(runId)));
        assertEquals(2, status.getJsonNumber("jobsTotal").longValue(), status.toString());
        assertEquals(2, status.getJsonNumber("jobsDone").longValue(), status.toString());
    }

    @Test
    void aWorkflowWithCallbacksInTheJsonWrapperRunsItsOnSuccessAndShowsItsOutcome() {
        String runId = API.run("{\"workflow\":{\"job\":\"Record\",\"args\":[\"A\"]},"
                + "\"on_success\":{\"job\":\"Record\",\"args\":[\"thanks\"]},"
                + "\"on_failure\":{\"job\":\"Record\",\"args\":[\"alert\"]}}");

        assertEquals(SampleApi.SUCCEEDED, API.awaitFinished(runId, RUN_TIMEOUT).getString("state"));
        JsonObject status = io.sideline.ee.test.Await.until("the callbacks of run " + runId + " to end", RUN_TIMEOUT,
                () -> API.status(runId), s -> SampleApi.SUCCEEDED.equals(s.getString("callbacks", null)));

        assertEquals(SampleApi.SUCCEEDED, status.getString("state"), "the callbacks never change the run's state");
        assertEquals(java.util.List.of("thanks"), API.records(runId + ":callbacks:1").stream()
                .map(io.sideline.sample.records.ExecutionRecord::label).toList(), "onSuccess ran, onFailure did not");
    }

    @Test
    void aRunningRunReportsFinishedAtAsNull() {
        String runId = API.run(chain(record("slow", 3_000)));

        JsonObject status = API.status(runId);

        assertEquals(SampleApi.RUNNING, status.getString("state"), status.toString());
        assertEquals(JsonValue.NULL, status.get("finishedAt"), status.toString());
        assertEquals(SampleApi.SUCCEEDED, API.awaitFinished(runId, RUN_TIMEOUT).getString("state"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown shape        | {"chain":[{"job":"Record","args":["A"]},{"loop":[]}]}                  | $.chain[1]
            negative delay       | {"group":[{"delay":-5,"step":{"job":"Record","args":["A"]}}]}          | $.group[0].delay
            unknown job name     | {"chain":[{"job":"Record","args":["A"]},{"job":"NoSuchJob"}]}          | $.chain[1].job
            body that is no JSON | {"chain":[                                                            | $
            """)
    void aMalformedTreeIsA400NamingThePath(String problem, String body, String path) {
        HttpResponse<String> response = API.post("sample/api/workflows", body);

        assertEquals(400, response.statusCode(), response.body());
        String error = SampleApi.json(response).getString("error");
        assertTrue(error.startsWith(path), () -> problem + ": error should name " + path + ": " + error);
    }

    @Test
    void anUnknownRunIsA404() {
        for (String path : new String[] {"sample/api/workflows/no-such-run", "sample/api/workflows/no-such-run/records"}) {
            HttpResponse<String> response = API.get(path);
            assertEquals(404, response.statusCode(), path + ": " + response.body());
            assertTrue(SampleApi.json(response).getString("error").contains("no-such-run"), response.body());
        }
    }
}
