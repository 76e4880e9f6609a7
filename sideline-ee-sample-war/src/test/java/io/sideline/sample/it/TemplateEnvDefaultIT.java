package io.sideline.sample.it;

import io.sideline.ee.test.liberty.LibertyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static io.sideline.sample.it.TemplateRestIT.configuredDefault;
import static io.sideline.sample.it.TemplateRestIT.runToSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An environment variable changes a template's default without a rebuild: the server is stopped, the variable
 * added to its {@code server.env}, the server started again (same WAR), and a run of {@code enrich_and_index}
 * gets the variable's value. MicroProfile Config maps {@code sideline.templates.enrich_and_index.llm_model} to
 * {@code SIDELINE_TEMPLATES_ENRICH_AND_INDEX_LLM_MODEL} (non-alphanumerics to {@code _}, upper case), and
 * environment variables (ordinal 300) win over {@code microprofile-config.properties} (100).
 *
 * <p>The same restart also sets {@code sideline.barrier.ttl=2} and {@code sideline.memory.ttl=2} (issue 9's "Done
 * when"): a run with a 7 s delay before a group and a typed run whose second step hydrates memory across a 6 s
 * delay both succeed, because a running run's keys carry the lease and these TTLs only bound a finished run's.
 *
 * <p>The ITs share the server: whatever happens, {@code server.env} is restored byte for byte and the server
 * restarted (and ready) before this class ends, so that the other ITs see the normal defaults.
 */
class TemplateEnvDefaultIT {

    private static final String VARIABLE = "SIDELINE_TEMPLATES_ENRICH_AND_INDEX_LLM_MODEL";
    private static final String ENV_MODEL = "env-model";
    /** Retention TTLs far shorter than the delays of the runs started during the restart. */
    private static final String TINY_TTLS = "SIDELINE_BARRIER_TTL=2\nSIDELINE_MEMORY_TTL=2\n";

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final LibertyServer SERVER = SampleApi.libertyServer();

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void anEnvironmentVariableInServerEnvChangesTheDefaultAfterARestart() {
        Path serverEnv = SERVER.serverEnv();
        byte[] original = ServerEnv.read(serverEnv); // null: there is none
        String text = original == null ? "" : new String(original, StandardCharsets.UTF_8);
        assertFalse(text.contains(VARIABLE), () -> serverEnv + " already sets " + VARIABLE
                + " (left by an interrupted build?): remove it, or run `mvn clean verify`");
        try {
            // Liberty writes server.env without a final newline
            String withVariable = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n")
                    + VARIABLE + "=" + ENV_MODEL + "\n" + TINY_TTLS;
            ServerEnv.restartWith(SERVER, API, withVariable.getBytes(StandardCharsets.UTF_8));
            String delayedGroup = API.run("{\"chain\":[{\"job\":\"Task1\"},{\"delay\":7000,\"step\":"
                    + "{\"group\":[{\"job\":\"Task2\"},{\"job\":\"Task3\"}]}},{\"job\":\"Task4\"}]}");
            String typedAcrossDelay = API.run("{\"chain\":[{\"job\":\"TypedTask1\",\"args\":[{\"field_name\":\"hello\"}]},"
                    + "{\"delay\":6000,\"step\":{\"job\":\"TypedTask2\"}}]}");

            JsonObject memory = runToSuccess("{\"doc_id\":\"9\"}");

            assertEquals(ENV_MODEL, memory.getString("llm_model"), memory.toString());
            assertEquals(ENV_MODEL, memory.getString("enrich.model"), memory.toString());
            assertEquals(configuredDefault("index_name"), memory.getString("index_name"), "not overridden: " + memory);

            JsonObject group = API.awaitFinished(delayedGroup, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", group.getString("state"), "7 s delay before a group, TTLs of 2 s: " + group);
            JsonObject typed = API.awaitFinished(typedAcrossDelay, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", typed.getString("state"), "typed step hydrated across 6 s, TTLs of 2 s: " + typed);
        } finally {
            ServerEnv.restartWith(SERVER, API, original);
        }
        // and back: without the variable, the configured default again
        JsonObject memory = runToSuccess("{\"doc_id\":\"10\"}");
        assertEquals(configuredDefault("llm_model"), memory.getString("llm_model"), memory.toString());
    }
}
