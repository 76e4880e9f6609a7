package io.sideline.wildfly.it;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Templates;
import io.sideline.ee.Workflows;
import io.sideline.sample.enrich.EnrichAndIndexTemplate;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Typed jobs, per-run memory and templates on WildFly, in the container: JSON-B binds typed inputs and outputs,
 * Bean Validation checks them, and template defaults come from the WAR's microprofile-config.properties
 * through WildFly's MicroProfile Config.
 */
@ExtendWith({WildFlySuite.class, ArquillianExtension.class})
class TypedJobsAndTemplatesWildFlyIT {

    @Deployment
    static WebArchive deployment() {
        return TestWar.create("typed.war");
    }

    @Inject
    Workflows workflows;

    @Inject
    Templates templates;

    @Test
    void theSeedsMemoryExampleEndsWithBothTypedOutputsInMemory() {
        String runId = workflows.run(chain(job("TypedTask1", Map.of("field_name", "hello")), job("TypedTask2")));

        RunStatus status = Runs.awaitFinished(workflows, runId);

        assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
        assertEquals(Map.of("something", "HELLO", "something_else", "HELLO and something else"),
                workflows.memory().readAll(runId));
    }

    @Test
    void aTemplateRunTakesItsMissingInputsFromTheConfiguredDefaults() {
        String runId = templates.run(EnrichAndIndexTemplate.NAME, Map.of("doc_id", "123"));

        RunStatus status = Runs.awaitFinished(workflows, runId);

        assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
        Map<String, Object> memory = workflows.memory().readAll(runId);
        // sideline.templates.enrich_and_index.* in the sample's microprofile-config.properties
        assertEquals("sample-llm-small", memory.get("llm_model"), memory.toString());
        assertEquals("sample-docs", memory.get("index_name"), memory.toString());
        assertEquals("sample-llm-small", memory.get("enrich.model"), memory.toString());
        assertEquals("sample-docs/123", memory.get("index.document"), memory.toString());
    }

    @Test
    void aTemplateRunsParamsWinOverTheConfiguredDefaults() {
        String runId = templates.run(EnrichAndIndexTemplate.NAME, Map.of("doc_id", "124", "llm_model", "request-model"));

        RunStatus status = Runs.awaitFinished(workflows, runId);

        assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
        Map<String, Object> memory = workflows.memory().readAll(runId);
        assertEquals("request-model", memory.get("enrich.model"), memory.toString());
        assertEquals("sample-docs/124", memory.get("index.document"), memory.toString());
    }
}
