package io.sideline.ee.engine;

import io.sideline.ee.InvalidInputException;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Templates;
import io.sideline.ee.UnknownTemplateException;
import io.sideline.ee.Violation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Templates: defaults from MicroProfile Config, validated input seeded into memory, typed jobs hydrating from it. */
class TemplatesTest {

    private static TestEngine engine;

    @BeforeAll
    static void start() {
        // A MicroProfile Config source (system properties) supplies defaults, as microprofile-config.properties would.
        System.setProperty("sideline.templates.greet_and_shout.greeting", "Howdy");
        System.setProperty("sideline.templates.greet_and_shout.max_len", "40");
        engine = TestEngine.start(Map.of());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private Templates templates() {
        return engine.bean(Templates.class);
    }

    private RunStatus awaitEnd(String runId) {
        return Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    @Test
    void aDeclaredTemplateRunsWithConfiguredDefaultsAndItsJobsHydrateFromTheSeededInput() {
        String runId = templates().run("greet_and_shout", Map.of("name", "Grace"));
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId).state());
        Map<String, Object> memory = engine.workflows().memory().readAll(runId);
        assertEquals("Grace", memory.get("name"));
        assertEquals("Howdy", memory.get("greeting"), "the configured default");
        assertEquals(40L, memory.get("max_len"), "typed after the property");
        assertEquals("Howdy, Grace", memory.get("message"));
        assertEquals("HOWDY, GRACE", memory.get("shout"));
    }

    @Test
    void aParamGivenAtRunTimeWinsOverTheConfiguredDefault() {
        String runId = templates().run("greet_and_shout", Map.of("name", "Linus", "greeting", "Hej"));
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId).state());
        assertEquals("Hej, Linus", engine.workflows().memory().readAll(runId).get("message"));
    }

    @Test
    void invalidParamsAreRefusedWithEveryViolationAndNothingStarts() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> templates().run("greet_and_shout", Map.of("greeting", " ")));
        assertEquals(List.of(new Violation("greeting", "must not be blank"), new Violation("name", "must not be blank")),
                e.violations());
    }

    @Test
    void violationsNameTheJsonPropertyNotTheJavaOne() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> templates().run("greet_and_shout", Map.of("name", "x", "max_len", -1)));
        assertEquals(List.of(new Violation("max_len", "must be greater than 0")), e.violations());
    }

    @Test
    void anUnknownTemplateIsATypedError() {
        assertThrows(UnknownTemplateException.class, () -> templates().run("no_such_template", Map.of()));
    }

    public record Doc(String docId) {
    }

    @Test
    void templatesCanBeRegisteredInCodeAndNamesAreUnique() {
        templates().register("remember_doc", Doc.class, doc -> job("Remember", Map.of("seen", doc.docId())));
        String runId = templates().run("remember_doc", Map.of("docId", "123"));
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId).state());
        assertEquals(Map.of("docId", "123", "seen", "123"), engine.workflows().memory().readAll(runId));
        assertThrows(IllegalArgumentException.class, () -> templates().register("remember_doc", Doc.class, d -> job("Rec", "x")));
        assertTrue(templates().names().containsAll(List.of("greet_and_shout", "remember_doc")));
    }
}
