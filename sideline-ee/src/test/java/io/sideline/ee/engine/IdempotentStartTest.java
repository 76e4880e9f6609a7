package io.sideline.ee.engine;

import io.sideline.ee.IdempotencyConflictException;
import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunOptions;
import io.sideline.ee.RunState;
import io.sideline.ee.StartOutcomeUnknownException;
import io.sideline.ee.Templates;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.testing.PrivateRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.RunOptions.idempotencyKey;
import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts retried with an idempotency key, through {@code Workflows}: the same key again starts nothing and answers
 * the first id; another workflow under the same key is refused; a start whose reply never came is reported as
 * unknown and is retried safely with its key.
 */
class IdempotentStartTest {

    private static final Duration RUN_END = Duration.ofSeconds(20);

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private long runsInRedis(RedisClient redis) {
        return redis.keys(engine.prefix + "run:*").size();
    }

    @Test
    void runTwiceWithOneKeyRunsTheWorkflowOnceAndAnswersTheFirstRunId() {
        engine = TestEngine.start(Map.of());
        Step workflow = chain(job(Rec.class, "A"), group(job(Rec.class, "B"), job(Rec.class, "C")));

        String first = engine.workflows().run(workflow, idempotencyKey("order-42"));
        String again = engine.workflows().run(workflow, idempotencyKey("order-42"));

        assertEquals(first, again);
        Await.until("the run succeeds", RUN_END,
                () -> engine.workflows().status(first).orElseThrow().state() == RunState.SUCCEEDED);
        assertEquals(3, engine.log().of(first).size(), "each job ran once");
        try (RedisClient redis = engine.redis()) {
            assertEquals(1, runsInRedis(redis));
        }
    }

    @Test
    void theSameKeyWithAnotherWorkflowOrOtherArgumentsIsRefusedAndStartsNothing() {
        engine = TestEngine.start(Map.of());
        String first = engine.workflows().run(job(Rec.class, "A"), idempotencyKey("order-7"));

        IdempotencyConflictException otherArgs = assertThrows(IdempotencyConflictException.class,
                () -> engine.workflows().run(job(Rec.class, "B"), idempotencyKey("order-7")));
        assertThrows(IdempotencyConflictException.class,
                () -> engine.workflows().run(chain(job(Rec.class, "A"), job(Rec.class, "A")), idempotencyKey("order-7")));

        assertEquals(first, otherArgs.recordedId());
        assertEquals("order-7", otherArgs.key());
        try (RedisClient redis = engine.redis()) {
            assertEquals(1, runsInRedis(redis));
        }
    }

    @Test
    void runAllStartsEachKeyOnceAndAnswersTheFirstRunIdForRepeats() {
        engine = TestEngine.start(Map.of());
        String earlier = engine.workflows().run(job(Rec.class, "k1"), idempotencyKey("k1"));
        List<Step> roots = List.of(job(Rec.class, "k1"), job(Rec.class, "k2"), job(Rec.class, "free"), job(Rec.class, "k2"));
        List<RunOptions> options = List.of(idempotencyKey("k1"), idempotencyKey("k2"), RunOptions.NONE, idempotencyKey("k2"));

        List<String> ids = engine.workflows().runAll(roots, options);
        List<String> again = engine.workflows().runAll(roots.subList(0, 2), options.subList(0, 2));

        assertEquals(earlier, ids.get(0), "a key used before answers its run");
        assertEquals(ids.get(1), ids.get(3), "a key repeated within the call starts one run");
        assertNotEquals(ids.get(1), ids.get(2));
        assertEquals(ids.subList(0, 2), again);
        try (RedisClient redis = engine.redis()) {
            assertEquals(3, runsInRedis(redis), "k1, k2 and the run without a key");
        }
        assertThrows(IdempotencyConflictException.class, () -> engine.workflows().runAll(
                List.of(job(Rec.class, "x"), job(Rec.class, "y")), List.of(idempotencyKey("k3"), idempotencyKey("k3"))));
    }

    @Test
    void enqueueAndEnqueueAllEnqueueEachKeyOnceAndAnswerTheFirstJid() {
        engine = TestEngine.start(Map.of());
        Job a = job(Rec.class, "solo-a");
        Job b = job(Rec.class, "solo-b");

        String jid = engine.workflows().enqueue(a, idempotencyKey("job-a"));
        List<String> jids = engine.workflows().enqueueAll(List.of(a, b, b),
                List.of(idempotencyKey("job-a"), idempotencyKey("job-b"), idempotencyKey("job-b")));
        String again = engine.workflows().enqueue(b, idempotencyKey("job-b"));

        assertEquals(jid, jids.get(0));
        assertEquals(jids.get(1), jids.get(2));
        assertEquals(jids.get(1), again);
        Await.until("both jobs ran", RUN_END, () -> engine.log().of(null).size() >= 2);
        assertEquals(List.of("solo-a", "solo-b"), engine.log().of(null).stream().map(ExecutionLog.Entry::label).sorted().toList(),
                "each job ran once");
        assertThrows(IdempotencyConflictException.class, () -> engine.workflows().enqueue(b, idempotencyKey("job-a")));
    }

    @Test
    void aTemplateRunWithOneKeyStartsOnceAndOtherInputUnderTheKeyIsRefused() {
        engine = TestEngine.start(Map.of());
        Templates templates = engine.bean(Templates.class);
        Map<String, Object> grace = Map.of("name", "Grace", "greeting", "Hi", "max_len", 40);

        String first = templates.run("greet_and_shout", grace, idempotencyKey("signup-1"));
        String again = templates.run("greet_and_shout", grace, idempotencyKey("signup-1"));

        assertEquals(first, again);
        assertThrows(IdempotencyConflictException.class, () -> templates.run("greet_and_shout",
                Map.of("name", "Linus", "greeting", "Hi", "max_len", 40), idempotencyKey("signup-1")));
    }

    @Test
    void withoutAKeyNoRecordIsWritten() {
        engine = TestEngine.start(Map.of());
        engine.workflows().run(job(Rec.class, "A"));
        engine.workflows().runAll(List.of(job(Rec.class, "B")));
        engine.workflows().enqueue(job(Rec.class, "C"));

        try (RedisClient redis = engine.redis()) {
            assertTrue(redis.keys(engine.prefix + "idem:*").isEmpty());
            assertEquals(2, runsInRedis(redis));
        }
    }

    private static TestEngine engineOn(PrivateRedis server) {
        return TestEngine.start(Map.of(SidelineConfig.Keys.REDIS_URL, "redis://127.0.0.1:" + server.port,
                SidelineConfig.Keys.REDIS_TIMEOUT, "300", SidelineConfig.Keys.WORKER_ENABLED, "false"));
    }

    /**
     * Redis is paused for writes across a launch whose reply times out: the caller cannot know whether it started
     * and learns so from the exception; its retry with the key after the pause leaves exactly one run, whose id it
     * answers. (A paused command is dropped when its client hangs up, so here the retry is the one that starts.)
     */
    @Test
    void aLaunchWhoseReplyTimesOutDuringAPauseIsUnknownAndItsRetryWithTheKeyLeavesOneRun() {
        try (PrivateRedis server = PrivateRedis.start(); RedisClient admin = RedisClient.create("127.0.0.1", server.port)) {
            engine = engineOn(server);
            engine.workflows().run(job(Rec.class, "warm-up")); // the scripts are loaded before the pause
            Step workflow = chain(job(Rec.class, "A"), job(Rec.class, "B"));

            admin.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE", "3000", "WRITE");
            StartOutcomeUnknownException unknown = assertThrows(StartOutcomeUnknownException.class,
                    () -> engine.workflows().run(workflow, idempotencyKey("pay-1")));
            assertInstanceOf(RedisUnavailableException.class, unknown, "callers of old still catch it");
            assertTrue(unknown.getMessage().contains("retry with the same idempotency key is safe"), unknown.getMessage());
            assertEquals(1, unknown.ids().size(), "it names the run it was about");

            String retried = Await.value("the retry after the pause", Duration.ofSeconds(15), () -> {
                try {
                    return engine.workflows().run(workflow, idempotencyKey("pay-1"));
                } catch (RedisUnavailableException stillPaused) {
                    return null;
                }
            }, java.util.Objects::nonNull);

            assertEquals(2, admin.keys(engine.prefix + "run:*").size(), "the warm-up run and one run of the workflow");
            assertTrue(admin.exists(engine.prefix + "run:" + retried), "the id answered is the run's");
            assertTrue(admin.get(engine.prefix + "idem:pay-1").contains(retried));
            assertEquals(retried, engine.workflows().run(workflow, idempotencyKey("pay-1")));
        }
    }

    /**
     * Redis is busy (a long script of another client) when a launch is sent: its reply times out, and Redis runs
     * it once free. The retry with the key answers that run's id and starts nothing.
     */
    @Test
    void aLaunchThatRanAfterItsReplyTimedOutIsAnsweredByItsRetryWithTheKey() throws Exception {
        // the admin client waits out the 2 s script it runs: with Jedis' default 2 s socket timeout its own reply raced
        // the script's end (it failed whenever the script started a millisecond late on a loaded box)
        try (PrivateRedis server = PrivateRedis.start(); RedisClient admin = RedisClient.builder()
                .hostAndPort("127.0.0.1", server.port).clientConfig(redis.clients.jedis.DefaultJedisClientConfig.builder()
                        .socketTimeoutMillis(10_000).build()).build()) {
            engine = engineOn(server);
            engine.workflows().run(job(Rec.class, "warm-up"));
            Step workflow = chain(job(Rec.class, "A"), job(Rec.class, "B"));
            java.util.concurrent.CompletableFuture<Object> busy = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> admin.eval(BUSY_2S, 0));
            awaitBusy(server);

            StartOutcomeUnknownException unknown = assertThrows(StartOutcomeUnknownException.class,
                    () -> engine.workflows().run(workflow, idempotencyKey("pay-2")));
            busy.get(10, java.util.concurrent.TimeUnit.SECONDS);
            String runId = unknown.ids().get(0);
            Await.until("the launch ran once Redis was free", Duration.ofSeconds(10),
                    () -> admin.exists(engine.prefix + "run:" + runId));

            assertEquals(runId, engine.workflows().run(workflow, idempotencyKey("pay-2")));
            assertEquals(2, admin.keys(engine.prefix + "run:*").size(), "the warm-up run and one run of the workflow");
        }
    }

    /** A script that keeps Redis busy for 2 s (Redis' own clock advances inside scripts). */
    private static final String BUSY_2S = "local s = redis.call('TIME') local t0 = s[1] * 1000 + s[2] / 1000 "
            + "while true do local t = redis.call('TIME') if t[1] * 1000 + t[2] / 1000 - t0 > 2000 then return 1 end end";

    /** Until a PING with a short timeout goes unanswered: the busy script runs. */
    private static void awaitBusy(PrivateRedis server) {
        Await.until("Redis is busy with the script", Duration.ofSeconds(5), () -> {
            try (redis.clients.jedis.Jedis probe = new redis.clients.jedis.Jedis("127.0.0.1", server.port, 100)) {
                probe.ping();
                return false;
            } catch (redis.clients.jedis.exceptions.JedisConnectionException timedOut) {
                return true;
            }
        });
    }

    @Test
    void withoutAKeyTheUnknownOutcomeSaysThatARetryMayDuplicate() {
        try (PrivateRedis server = PrivateRedis.start(); RedisClient admin = RedisClient.create("127.0.0.1", server.port)) {
            engine = engineOn(server);
            engine.workflows().enqueue(job(Rec.class, "warm-up"));

            admin.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE", "1500", "WRITE");
            StartOutcomeUnknownException unknown = assertThrows(StartOutcomeUnknownException.class,
                    () -> engine.workflows().enqueueAll(List.of(job(Rec.class, "x"))));

            assertTrue(unknown.getMessage().contains("may start them twice"), unknown.getMessage());
            assertEquals(1, unknown.ids().size());
        }
    }

    @Test
    void aStartThatCouldNotBeSentIsPlainlyUnavailable() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.REDIS_URL, "redis://127.0.0.1:" + PrivateRedis.unusedPort(),
                SidelineConfig.Keys.REDIS_TIMEOUT, "300", SidelineConfig.Keys.WORKER_ENABLED, "false"));

        RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
                () -> engine.workflows().run(job(Rec.class, "A"), idempotencyKey("never-sent")));

        assertFalse(e instanceof StartOutcomeUnknownException, "nothing was sent: " + e.getMessage());
    }
}
