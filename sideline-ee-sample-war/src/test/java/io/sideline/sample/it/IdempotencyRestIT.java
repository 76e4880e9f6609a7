package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Idempotency-Key header: the same request twice starts one run; another workflow under the key is a 422. */
class IdempotencyRestIT {

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    private static HttpResponse<String> post(String path, String key, String json) {
        try {
            URI uri = URI.create("http://127.0.0.1:" + System.getProperty("http.port") + "/" + path);
            return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Idempotency-Key", key).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSameKeyTwiceStartsOneRunAndAnswers201Then200WithTheSameId() {
        String key = "order-" + UUID.randomUUID();
        Step workflow = chain(job("Record", "I1"), job("Record", "I2"));

        HttpResponse<String> first = post("sample/api/workflows", key, API.toJson(workflow));
        HttpResponse<String> again = post("sample/api/workflows", key, API.toJson(workflow));

        assertEquals(201, first.statusCode(), first.body());
        assertEquals(200, again.statusCode(), again.body());
        String runId = SampleApi.json(first).getString("runId");
        assertEquals(runId, SampleApi.json(again).getString("runId"));
        assertEquals(SampleApi.SUCCEEDED, API.awaitFinished(runId, Duration.ofSeconds(60)).getString("state"));
        assertEquals(2, API.records(runId).size(), "each job of the one run ran once");
    }

    @Test
    void anotherWorkflowUnderTheSameKeyIs422WithAJsonError() {
        String key = "order-" + UUID.randomUUID();
        assertEquals(201, post("sample/api/workflows", key, API.toJson(job("Record", "A"))).statusCode());

        HttpResponse<String> other = post("sample/api/workflows", key, API.toJson(job("Record", "B")));

        assertEquals(422, other.statusCode(), other.body());
        assertTrue(SampleApi.json(other).getString("error").contains(key), other.body());
    }

    @Test
    void aTemplateRunWithTheSameKeyTwiceStartsOneRun() {
        String key = "doc-" + UUID.randomUUID();

        HttpResponse<String> first = post("sample/api/templates/enrich_and_index/runs", key, "{\"doc_id\":\"77\"}");
        HttpResponse<String> again = post("sample/api/templates/enrich_and_index/runs", key, "{\"doc_id\":\"77\"}");
        HttpResponse<String> other = post("sample/api/templates/enrich_and_index/runs", key, "{\"doc_id\":\"78\"}");

        assertEquals(201, first.statusCode(), first.body());
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(SampleApi.json(first).getString("runId"), SampleApi.json(again).getString("runId"));
        assertEquals(422, other.statusCode(), other.body());
    }
}
