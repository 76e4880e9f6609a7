package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.model.Step;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad payloads and failing jobs end in the dead set with a readable reason; the worker keeps running. */
class BadInputTest {

    private TestEngine engine;

    @AfterEach
    void close() {
        engine.close();
    }

    private List<JsonObject> dead(RedisClient redis) {
        return redis.zrange(engine.prefix + "dead", 0, -1).stream()
                .map(text -> Json.createReader(new StringReader(text)).readObject()).toList();
    }

    private RunStatus awaitEnd(String runId) {
        return Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    private void assertWorkerStillRuns() {
        Step workflow = chain(job(Rec.class, "after-1"), job(Rec.class, "after-2"));
        String runId = engine.workflows().run(workflow);
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId).state());
    }

    @Test
    void malformedJsonAndForeignClassNamesGoToTheDeadSetWithoutLoadingAnyClass() {
        assertFalse(Boolean.getBoolean("sideline.test.canary.initialized"), "canary before");
        engine = TestEngine.start(Map.of());
        assertFalse(Boolean.getBoolean("sideline.test.canary.initialized"), "canary after start");
        try (RedisClient redis = engine.redis()) {
            String queue = engine.prefix + "queue:default";
            redis.lpush(queue, "{not json");
            redis.lpush(queue, "[1,2,3]");
            redis.lpush(queue, "{\"class\":\"io.sideline.ee.engine.Canary\",\"args\":[],\"jid\":\"j1\",\"queue\":\"default\"}");
            redis.lpush(queue, "{\"class\":\"java.lang.Runtime\",\"args\":[\"rm -rf /\"],\"jid\":\"j2\",\"queue\":\"default\"}");
            redis.lpush(queue, "{\"class\":\"ExecutionLog\",\"args\":[],\"jid\":\"j3\",\"queue\":\"default\"}");

            Await.until("five dead entries", Duration.ofSeconds(10), () -> redis.zcard(engine.prefix + "dead") == 5);

            List<JsonObject> dead = dead(redis);
            assertEquals(2, dead.stream().filter(d -> d.getString("error_class").equals("MalformedPayload")).count());
            assertTrue(dead.stream().filter(d -> d.getString("error_class").equals("MalformedPayload"))
                    .allMatch(d -> d.containsKey("raw") && !d.getString("error_message").isBlank()));
            List<String> unknown = dead.stream().filter(d -> d.getString("error_class").endsWith("UnknownJobException"))
                    .map(d -> d.getString("error_message")).toList();
            assertEquals(3, unknown.size(), "dead set: " + dead);
            assertTrue(unknown.stream().anyMatch(m -> m.contains("unknown job 'java.lang.Runtime'")), unknown.toString());
            assertFalse(Boolean.getBoolean("sideline.test.canary.initialized"), "a job name from Redis must never load a class");
            assertEquals(0, redis.llen(engine.prefix + "inprogress:" + engine.bean(io.sideline.ee.cdi.RunningWorker.class)
                    .current().orElseThrow().id()));
        }
        assertWorkerStillRuns();
    }

    @Test
    void argumentsOfTheWrongTypeAreNotRetriedAndFailTheRun() {
        engine = TestEngine.start(Map.of());
        String runId = engine.workflows().run(chain(job(Rec.class, "A", "not a number"), job(Rec.class, "B")));
        RunStatus status = awaitEnd(runId);
        assertEquals(RunState.FAILED, status.state());
        assertEquals(1, status.jobsFailed());
        try (RedisClient redis = engine.redis()) {
            JsonObject entry = dead(redis).get(0);
            assertTrue(entry.getString("error_class").endsWith("JobArgumentsException"));
            assertTrue(entry.getString("error_message").contains("argument 2"), entry.getString("error_message"));
            assertEquals(1, entry.getInt("retry_count"), "not retried");
            assertEquals(runId, entry.getString("sideline_run_id"));
        }
        assertTrue(engine.log().of(runId).isEmpty(), "B never ran");
        assertWorkerStillRuns();
    }

    @Test
    void aJobThatKeepsFailingIsRetriedUpToTheMaximumThenDeadWithItsError() {
        engine = TestEngine.start(Map.of("sideline.retry.max", "2"));
        String runId = engine.workflows().run(job("Flaky", "F", 99));
        RunStatus status = awaitEnd(runId);
        assertEquals(RunState.FAILED, status.state());
        try (RedisClient redis = engine.redis()) {
            JsonObject entry = dead(redis).get(0);
            assertEquals(IllegalStateException.class.getName(), entry.getString("error_class"));
            assertEquals("flaky failure 3 of F", entry.getString("error_message"));
            assertEquals(3, entry.getInt("retry_count"), "the first attempt and 2 retries");
            assertTrue(entry.getJsonNumber("failed_at").longValue() > 0);
        }
    }

    @Test
    void aMissingBarrierFailsTheJobVisiblyInsteadOfStrandingTheRun() {
        engine = TestEngine.start(Map.of("sideline.worker.enabled", "false"));
        String runId = engine.workflows().run(chain(job(Rec.class, "A"), job(Rec.class, "B")));
        engine.close();
        try (RedisClient redis = TestEngine.join(engine, Map.of("sideline.worker.enabled", "false")).redis()) {
            for (String key : redis.keys(engine.prefix + "barrier:*")) {
                redis.del(key); // as if the barrier TTL had expired
            }
            TestEngine worker = TestEngine.join(engine, Map.of());
            engine = worker;
            RunStatus status = awaitEnd(runId);
            assertEquals(RunState.FAILED, status.state());
            JsonObject entry = dead(redis).get(0);
            assertTrue(entry.getString("error_class").endsWith("MissingBarrierException"));
            assertTrue(entry.getString("error_message").contains("no longer exists"));
        }
    }

    @Test
    void aJobsExtendTtlNeverShortensTheLeaseOfItsBarriers() {
        engine = TestEngine.start(Map.of("sideline.barrier.ttl", "60"));
        // Stretch asks for 5 s; the run then waits 3 s for its delay with its barriers still needed
        String runId = engine.workflows().run(chain(job(Stretch.class, 5L), withDelay(job(Rec.class, "after"), 3_000)));
        try (RedisClient redis = engine.redis()) {
            Await.until("Stretch ran", Duration.ofSeconds(10),
                    () -> engine.workflows().status(runId).orElseThrow().jobsDone() == 1);
            List<Long> ttls = redis.keys(engine.prefix + "barrier:*").stream()
                    .filter(k -> !k.endsWith(":members")).map(redis::ttl).toList();
            assertFalse(ttls.isEmpty());
            assertTrue(ttls.stream().allMatch(t -> t > 60), "the running run's barriers keep their lease: " + ttls);
        }
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId).state());
    }

    @Test
    void anOversizedOrDeeplyNestedPayloadGoesToDeadWithoutExhaustingTheWorker() {
        // Redis moves the 64 MiB entry between lists and into the dead set: on a loaded machine, one such command
        // can outlast the default 2 s socket timeout of the calls that queue behind it (and the heartbeat must outlive
        // one such timed-out beat: more than 2 x 200 ms + 15 s)
        engine = TestEngine.start(Map.of(io.sideline.ee.config.SidelineConfig.Keys.REDIS_TIMEOUT, "15000",
                io.sideline.ee.config.SidelineConfig.Keys.HEARTBEAT_TTL, "16000"));
        try (RedisClient redis = engine.redis()) {
            String queue = engine.prefix + "queue:default";
            String huge = "{\"class\":\"Rec\",\"args\":[\"" + "x".repeat(64 * 1024 * 1024) + "\"],\"jid\":\"big\",\"queue\":\"default\"}";
            redis.lpush(queue, huge);
            redis.lpush(queue, "[".repeat(100_000) + "]".repeat(100_000));
            redis.lpush(queue, "{\"class\":\"Rec\",\"args\":" + "[".repeat(5_000) + "]".repeat(5_000)
                    + ",\"jid\":\"deep\",\"queue\":\"default\"}");

            Await.until("three dead entries", Duration.ofSeconds(30), () -> redis.zcard(engine.prefix + "dead") == 3);

            List<String> reasons = dead(redis).stream().map(d -> d.getString("error_message")).toList();
            assertTrue(reasons.stream().anyMatch(r -> r.contains("exceeds the limit")), reasons.toString());
            assertEquals(3, dead(redis).stream().filter(d -> d.getString("error_class").equals("MalformedPayload")).count(),
                    reasons.toString());
        }
        assertWorkerStillRuns();
    }

    @Test
    void theApiRefusesOversizedWorkflowsAndPayloadsWithTypedErrorsAndStartsNothing() {
        engine = TestEngine.start(Map.of("sideline.workflow.max-jobs", "50", "sideline.payload.max-bytes", "2000"));
        Step[] many = new Step[51];
        for (int i = 0; i < many.length; i++) {
            many[i] = job(Rec.class, "J" + i);
        }
        io.sideline.ee.InvalidWorkflowException tooMany = org.junit.jupiter.api.Assertions.assertThrows(
                io.sideline.ee.InvalidWorkflowException.class, () -> engine.workflows().run(io.sideline.ee.Sideline.group(many)));
        assertTrue(tooMany.getMessage().contains("51 jobs; the limit is 50"), tooMany.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(io.sideline.ee.PayloadTooLargeException.class,
                () -> engine.workflows().run(chain(job(Rec.class, "small"), job(Rec.class, "x".repeat(5_000)))));
        try (RedisClient redis = engine.redis()) {
            assertTrue(redis.keys(engine.prefix + "run:*").isEmpty(), "nothing was started");
        }
    }
}
