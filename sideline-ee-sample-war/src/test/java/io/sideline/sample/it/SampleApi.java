package io.sideline.sample.it;

import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.model.Step;
import io.sideline.ee.test.Await;
import io.sideline.ee.test.liberty.LibertyServer;
import io.sideline.sample.records.ExecutionRecord;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sample's REST API and health endpoints as the ITs use them, over plain HTTP. The server's port
 * comes from the system property {@code http.port}, which failsafe sets to the port build-helper reserved.
 */
public final class SampleApi {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Type RECORD_LIST = new ArrayList<ExecutionRecord>() { }.getClass().getGenericSuperclass();

    /**
     * The Liberty server under test, for the ITs that stop, kill or restart it: its install and name come from the
     * system properties {@code sample.wlp.dir} and {@code sample.server.name}, set by the POM.
     */
    public static LibertyServer libertyServer() {
        return new LibertyServer(Path.of(System.getProperty("sample.wlp.dir")), System.getProperty("sample.server.name"));
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final WorkflowJson workflowJson = new WorkflowJson();
    private final Jsonb jsonb = JsonbBuilder.create();

    private SampleApi(URI base) {
        this.base = base;
    }

    public static SampleApi fromSystemProperties() {
        String port = System.getProperty("http.port");
        if (port == null || port.isBlank()) {
            throw new IllegalStateException("system property http.port is not set: run the ITs through `mvn verify`");
        }
        return new SampleApi(URI.create("http://127.0.0.1:" + port + "/"));
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public String toJson(Step workflow) {
        return workflowJson.format(workflow);
    }

    /** POSTs the workflow and returns its run id; fails unless the API answered 201 Created. */
    public String run(Step workflow) {
        HttpResponse<String> response = post("sample/api/workflows", toJson(workflow));
        assertEquals(201, response.statusCode(), () -> "POST of " + toJson(workflow) + ": " + response.body());
        return json(response).getString("runId");
    }

    public JsonObject status(String runId) {
        HttpResponse<String> response = get("sample/api/workflows/" + runId);
        assertEquals(200, response.statusCode(), () -> "status of " + runId + ": " + response.body());
        return json(response);
    }

    public List<ExecutionRecord> records(String runId) {
        HttpResponse<String> response = get("sample/api/workflows/" + runId + "/records");
        assertEquals(200, response.statusCode(), () -> "records of " + runId + ": " + response.body());
        return jsonb.fromJson(response.body(), RECORD_LIST);
    }

    /** POSTs the JSON workflow tree as is and returns its run id; fails unless the API answered 201 Created. */
    public String run(String workflowJson) {
        HttpResponse<String> response = post("sample/api/workflows", workflowJson);
        assertEquals(201, response.statusCode(), () -> "POST of " + workflowJson + ": " + response.body());
        return json(response).getString("runId");
    }

    /** POSTs a template's params (JSON) as is; the response may be an error. */
    public HttpResponse<String> postTemplateRun(String template, String paramsJson) {
        return post("sample/api/templates/" + template + "/runs", paramsJson);
    }

    /** Runs a template and returns the run id; fails unless the API answered 201 Created. */
    public String runTemplate(String template, String paramsJson) {
        HttpResponse<String> response = postTemplateRun(template, paramsJson);
        assertEquals(201, response.statusCode(), () -> "run of template " + template + " with " + paramsJson + ": "
                + response.body());
        return json(response).getString("runId");
    }

    /** The run's memory, one JSON object. */
    public JsonObject memory(String runId) {
        HttpResponse<String> response = get("sample/api/workflows/" + runId + "/memory");
        assertEquals(200, response.statusCode(), () -> "memory of " + runId + ": " + response.body());
        return json(response);
    }

    /** Waits until the run has left RUNNING and returns its final status (SUCCEEDED or FAILED). */
    public JsonObject awaitFinished(String runId, Duration timeout) {
        return Await.until("run " + runId + " to finish", timeout, () -> status(runId),
                status -> !RUNNING.equals(status.getString("state")));
    }

    /** Waits until {@code /health/ready} answers 200: the app is deployed and Redis answers. */
    public void awaitReady(Duration timeout) {
        Await.until("/health/ready to be UP", timeout, () -> get("health/ready"), r -> r.statusCode() == 200);
    }

    public static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
