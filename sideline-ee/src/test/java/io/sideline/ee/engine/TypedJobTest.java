package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.model.Step;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed jobs and the per-run memory: the seed's hydration rules, validated, on a real Redis. */
class TypedJobTest {

    private static TestEngine engine;

    @BeforeAll
    static void start() {
        engine = TestEngine.start(Map.of("sideline.memory.ttl", "120"));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private RunStatus runToEnd(Step workflow) {
        String runId = engine.workflows().run(workflow);
        return Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    private WorkflowMemory memory() {
        return engine.workflows().memory();
    }

    private JsonObject deadEntryOf(String runId) {
        try (RedisClient redis = engine.redis()) {
            return redis.zrange(engine.prefix + "dead", 0, -1).stream()
                    .map(text -> Json.createReader(new StringReader(text)).readObject())
                    .filter(o -> runId.equals(o.getString("sideline_run_id", null)))
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void argumentsOnlyAndTheTypedOutputGoesToMemory() {
        RunStatus status = runToEnd(job("Greet", Map.of("name", "Bob")));
        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(Map.of("message", "Hello, Bob"), memory().readAll(status.runId()));
    }

    @Test
    void memoryOnlyASecondStepHydratesFromTheFirstStepsOutput() {
        RunStatus status = runToEnd(chain(job("Greet", Map.of("name", "Ada")), job("Shout")));
        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(Map.of("message", "Hello, Ada", "shout", "HELLO, ADA"), memory().readAll(status.runId()));
    }

    @Test
    void argumentsWinOverMemoryForTheSameKey() {
        RunStatus status = runToEnd(chain(job("Remember", Map.of("name", "from memory", "greeting", "Hi")),
                job("Greet", Map.of("name", "from args"))));
        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals("Hi, from args", memory().readAll(status.runId()).get("message"));
    }

    @Test
    void aMissingRequiredValueSendsTheJobToDeadWithEveryViolationAndFailsTheRun() {
        RunStatus status = runToEnd(chain(job("Remember", Map.of("greeting", "Hi")), job("Greet")));
        assertEquals(RunState.FAILED, status.state());
        JsonObject dead = deadEntryOf(status.runId());
        assertTrue(dead.getString("error_class").endsWith("InvalidInputException"));
        assertTrue(dead.getString("error_message").contains("name: must not be blank"), dead.getString("error_message"));
        assertEquals(1, dead.getInt("retry_count"), "a validation failure is not retried");
    }

    @Test
    void memoryThatIsMissingEntirelyIsNamedWithTheRunAndTheKeys() {
        RunStatus status = runToEnd(job("Shout"));
        assertEquals(RunState.FAILED, status.state());
        JsonObject dead = deadEntryOf(status.runId());
        assertTrue(dead.getString("error_class").endsWith("MissingMemoryException"));
        assertTrue(dead.getString("error_message").contains(status.runId()), dead.getString("error_message"));
        assertTrue(dead.getString("error_message").contains("[message]"), dead.getString("error_message"));
    }

    @Test
    void anInvalidValueTheJobWasGivenIsReportedAsSuchEvenWhenTheRunHasNoMemoryYet() {
        // name is given (blank); greeting, optional, would come from memory, which this run never wrote
        RunStatus status = runToEnd(job("Greet", Map.of("name", "")));
        assertEquals(RunState.FAILED, status.state());
        JsonObject dead = deadEntryOf(status.runId());
        assertTrue(dead.getString("error_class").endsWith("InvalidInputException"), dead.toString());
        assertTrue(dead.getString("error_message").contains("name: must not be blank"), dead.getString("error_message"));
    }

    @Test
    void anInvalidOutputSendsTheJobToDeadAndWritesNothing() {
        RunStatus status = runToEnd(job("BadOutput", Map.of("name", "x")));
        assertEquals(RunState.FAILED, status.state());
        JsonObject dead = deadEntryOf(status.runId());
        assertTrue(dead.getString("error_message").contains("the output of job BadOutput is invalid"), dead.toString());
        assertTrue(dead.getString("error_message").contains("message: must not be blank"), dead.toString());
        assertTrue(memory().readAll(status.runId()).isEmpty());
    }

    @Test
    void memoryHasItsTtl() {
        RunStatus status = runToEnd(job("Greet", Map.of("name", "T")));
        try (RedisClient redis = engine.redis()) {
            // a finished run's memory is kept sideline.memory.ttl: the collector turns it down from the lease
            long ttl = Await.value("the collector turned the memory down to its retention", Duration.ofSeconds(10),
                    () -> redis.ttl("sl:mem:" + status.runId()), t -> t <= 120);
            assertTrue(ttl > 100, "memory TTL " + ttl);
        }
    }

    @Test
    void parallelWritersOfTheSameKeyTheLastWriteWins() {
        Step workflow = group(job("Remember", Map.of("k", "first", "who", "A")), job("Remember", Map.of("k", "second")),
                job("Remember", Map.of("k", "third")));
        RunStatus status = runToEnd(workflow);
        Map<String, Object> values = memory().readAll(status.runId());
        assertTrue(List.of("first", "second", "third").contains(values.get("k")));
        assertEquals("A", values.get("who"), "other keys are kept");
    }
}
