package io.sideline.sample.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Typed jobs, per-run memory and templates over REST: the {@code enrich_and_index} template with its configured
 * defaults, its errors (400 with violations, 404), and the seed's memory example (TypedTask1 → TypedTask2).
 */
class TemplateRestIT {

    static final String TEMPLATE = "enrich_and_index";

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    /** A default of the template's input as the deployed WAR configures it (its microprofile-config.properties). */
    static String configuredDefault(String property) {
        Path file = Path.of("target/classes/META-INF/microprofile-config.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String key = "sideline.templates." + TEMPLATE + "." + property;
        String value = properties.getProperty(key);
        assertNotNull(value, () -> key + " is not configured in " + file);
        return value;
    }

    /** Runs the template to SUCCEEDED and returns the run's memory. */
    static JsonObject runToSuccess(String paramsJson) {
        String runId = API.runTemplate(TEMPLATE, paramsJson);
        JsonObject status = API.awaitFinished(runId, RUN_TIMEOUT);
        assertEquals(SampleApi.SUCCEEDED, status.getString("state"), status.toString());
        assertEquals(3, status.getJsonNumber("jobsDone").longValue(), status.toString());
        return API.memory(runId);
    }

    @Test
    void aTemplateRunGetsTheConfiguredDefaultsAndEveryStepsOutputIsInMemory() {
        JsonObject memory = runToSuccess("{\"doc_id\":\"123\"}");

        // the input, seeded into memory: the param and the configured defaults
        assertEquals("123", memory.getString("doc_id"), memory.toString());
        String llmModel = configuredDefault("llm_model");
        String indexName = configuredDefault("index_name");
        assertEquals(llmModel, memory.getString("llm_model"), memory.toString());
        assertEquals(indexName, memory.getString("index_name"), memory.toString());
        // each step's outputs, each step having hydrated from its predecessors'
        assertEquals("Document 123", memory.getString("fetch.title"), memory.toString());
        assertEquals("The text of document 123.", memory.getString("fetch.body"), memory.toString());
        assertEquals(llmModel, memory.getString("enrich.model"), memory.toString());
        assertTrue(memory.getString("enrich.summary").startsWith("Summary by " + llmModel), memory.toString());
        assertEquals(indexName + "/123", memory.getString("index.document"), memory.toString());
        Instant.parse(memory.getString("index.indexed_at"));
        assertEquals(9, memory.size(), memory.toString());
    }

    @Test
    void aParamGivenInTheRequestWinsOverTheConfiguredDefault() {
        JsonObject memory = runToSuccess("{\"doc_id\":\"124\",\"llm_model\":\"request-model\"}");

        assertEquals("request-model", memory.getString("llm_model"), memory.toString());
        assertEquals("request-model", memory.getString("enrich.model"), memory.toString());
        assertEquals(configuredDefault("index_name"), memory.getString("index_name"), memory.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing doc_id           | {}                                     | doc_id
            blank doc_id             | {"doc_id":"  "}                        | doc_id
            blank llm_model          | {"doc_id":"1","llm_model":""}          | llm_model
            null index_name          | {"doc_id":"1","index_name":null}       | index_name
            """)
    void invalidParamsAreA400ListingEachViolationByProperty(String problem, String params, String property) {
        HttpResponse<String> response = API.postTemplateRun(TEMPLATE, params);

        assertEquals(400, response.statusCode(), problem + ": " + response.body());
        JsonObject body = SampleApi.json(response);
        assertFalse(body.getString("error").isBlank(), response.body());
        List<JsonObject> violations = body.getJsonArray("violations").getValuesAs(JsonObject.class);
        assertEquals(List.of(property), violations.stream().map(v -> v.getString("property")).toList(), response.body());
        assertFalse(violations.get(0).getString("message").isBlank(), response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"doc_id\":\"1\"}]", "\"doc_id\"", "42", "null", "{\"doc_id\":", ""})
    void aBodyThatIsNotAJsonObjectIsA400(String body) {
        HttpResponse<String> response = API.postTemplateRun(TEMPLATE, body);

        assertEquals(400, response.statusCode(), body + ": " + response.body());
        assertFalse(SampleApi.json(response).getString("error").isBlank(), response.body());
    }

    @Test
    void anUnknownTemplateIsA404() {
        HttpResponse<String> response = API.postTemplateRun("no_such_template", "{\"doc_id\":\"1\"}");

        assertEquals(404, response.statusCode(), response.body());
        assertTrue(SampleApi.json(response).getString("error").contains("no_such_template"), response.body());
    }

    @Test
    void theMemoryOfAnUnknownRunIsA404() {
        HttpResponse<String> response = API.get("sample/api/workflows/no-such-run/memory");

        assertEquals(404, response.statusCode(), response.body());
        assertTrue(SampleApi.json(response).getString("error").contains("no-such-run"), response.body());
    }

    @Test
    void theSeedsMemoryExampleTheSecondTypedStepHydratesFromTheFirstStepsOutput() {
        String runId = API.run("{\"chain\":[{\"job\":\"TypedTask1\",\"args\":[{\"field_name\":\"hello\"}]},"
                + "{\"job\":\"TypedTask2\"}]}");

        JsonObject status = API.awaitFinished(runId, RUN_TIMEOUT);

        assertEquals(SampleApi.SUCCEEDED, status.getString("state"), status.toString());
        JsonObject memory = API.memory(runId);
        assertEquals("HELLO", memory.getString("something"), memory.toString());
        assertEquals("HELLO and something else", memory.getString("something_else"), memory.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing field_name  | [{}]
            blank field_name    | [{"field_name":" "}]
            not an object       | ["hello"]
            """)
    void aTypedJobWithAnInvalidInputFailsTheRun(String problem, String args) {
        String runId = API.run("{\"chain\":[{\"job\":\"TypedTask1\",\"args\":" + args + "},{\"job\":\"TypedTask2\"}]}");

        JsonObject status = API.awaitFinished(runId, RUN_TIMEOUT);

        assertEquals("FAILED", status.getString("state"), problem + ": " + status);
        assertEquals(1, status.getJsonNumber("jobsFailed").longValue(), status.toString());
        assertEquals(0, status.getJsonNumber("jobsDone").longValue(), status.toString());
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, API.memory(runId), "nothing was written");
    }
}
