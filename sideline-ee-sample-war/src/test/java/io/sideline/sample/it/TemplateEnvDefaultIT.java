package io.sideline.sample.it;

import io.sideline.ee.test.liberty.LibertyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * <p>The ITs share the server: whatever happens, {@code server.env} is restored byte for byte and the server
 * restarted (and ready) before this class ends, so that the other ITs see the normal defaults.
 */
class TemplateEnvDefaultIT {

    private static final String VARIABLE = "SIDELINE_TEMPLATES_ENRICH_AND_INDEX_LLM_MODEL";
    private static final String ENV_MODEL = "env-model";
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(180);

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final LibertyServer SERVER = SampleApi.libertyServer();

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void anEnvironmentVariableInServerEnvChangesTheDefaultAfterARestart() {
        Path serverEnv = SERVER.serverEnv();
        byte[] original = read(serverEnv); // null: there is none
        String text = original == null ? "" : new String(original, StandardCharsets.UTF_8);
        assertFalse(text.contains(VARIABLE), () -> serverEnv + " already sets " + VARIABLE
                + " (left by an interrupted build?): remove it, or run `mvn clean verify`");
        try {
            // Liberty writes server.env without a final newline
            String withVariable = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n")
                    + VARIABLE + "=" + ENV_MODEL + "\n";
            restartWith(serverEnv, withVariable.getBytes(StandardCharsets.UTF_8));

            JsonObject memory = runToSuccess("{\"doc_id\":\"9\"}");

            assertEquals(ENV_MODEL, memory.getString("llm_model"), memory.toString());
            assertEquals(ENV_MODEL, memory.getString("enrich.model"), memory.toString());
            assertEquals(configuredDefault("index_name"), memory.getString("index_name"), "not overridden: " + memory);
        } finally {
            restartWith(serverEnv, original);
        }
        // and back: without the variable, the configured default again
        JsonObject memory = runToSuccess("{\"doc_id\":\"10\"}");
        assertEquals(configuredDefault("llm_model"), memory.getString("llm_model"), memory.toString());
    }

    /** Stops the server normally, writes (null: deletes) its server.env, starts it and waits until it is ready. */
    private static void restartWith(Path serverEnv, byte[] content) {
        SERVER.stop();
        try {
            if (content == null) {
                Files.deleteIfExists(serverEnv);
            } else {
                Files.write(serverEnv, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SERVER.start();
        API.awaitReady(RESTART_TIMEOUT);
    }

    private static byte[] read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
