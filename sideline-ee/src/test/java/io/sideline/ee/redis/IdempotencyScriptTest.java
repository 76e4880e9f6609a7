package io.sideline.ee.redis;

import io.sideline.ee.IdempotencyConflictException;
import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.redis.ScriptFixture.TTLS;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * launch.lua, launch_many.lua and push.lua with idempotency keys, on a real Redis: the key's record is written with
 * the start in one step; the same key again starts nothing and answers the first id; another digest is refused and
 * writes nothing; without a key no record exists.
 */
class IdempotencyScriptTest {

    private static final long KEY_TTL = 900;

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static ScriptArgs.Once once(String key, String digest) {
        return new ScriptArgs.Once(key, digest, KEY_TTL);
    }

    private static ScriptArgs.RunLaunch run(String runId, String jid, ScriptArgs.Once once) {
        Plan plan = new Plan(List.of(new Plan.BarrierSpec("root-" + runId, 1, false, Continuation.NONE, true, runId)),
                List.of(new Plan.PlannedJob("default", 0, payload(jid, "default"))));
        return new ScriptArgs.RunLaunch(runId, plan, 1, once);
    }

    private List<String> queued() {
        return f.redis.lrange(f.keys.queue("default"), 0, -1);
    }

    @Test
    void launchTwiceWithOneKeyStartsOneRunAndAnswersTheFirstRunId() {
        ScriptReplies.Started first = f.scripts.launch(run("run-1", "jA", once("order-42", "d1")), TTLS, ScriptArgs.Memory.NONE);
        ScriptReplies.Started again = f.scripts.launch(run("run-2", "jB", once("order-42", "d1")), TTLS, ScriptArgs.Memory.NONE);

        assertNull(first.recorded().get(0), "the first call started the run");
        assertEquals(1, first.jobs());
        assertEquals("run-1", again.recorded().get(0));
        assertEquals(0, again.jobs());
        assertFalse(f.redis.exists(f.keys.run("run-2")), "the second call started nothing");
        assertEquals(List.of(payload("jA", "default")), queued());
        long ttl = f.redis.ttl(f.keys.idempotency("order-42"));
        assertTrue(ttl > KEY_TTL - 10 && ttl <= KEY_TTL, "the key's record expires: " + ttl);
    }

    @Test
    void launchWithAKeyOfAnotherWorkflowIsRefusedAndWritesNothing() {
        f.scripts.launch(run("run-1", "jA", once("order-42", "d1")), TTLS, ScriptArgs.Memory.NONE);

        IdempotencyConflictException e = assertThrows(IdempotencyConflictException.class, () -> f.scripts.launch(
                run("run-2", "jB", once("order-42", "d2")), TTLS,
                new ScriptArgs.Memory(f.prefix + "mem:run-2", 60, false, Map.of("doc", "1"))));

        assertEquals("order-42", e.key());
        assertEquals("run-1", e.recordedId());
        assertFalse(f.redis.exists(f.keys.run("run-2")));
        assertFalse(f.redis.exists(f.prefix + "mem:run-2"), "no memory seeded");
        assertEquals(List.of(payload("jA", "default")), queued());
    }

    @Test
    void aStartWithoutAKeyWritesNoRecord() {
        f.scripts.launch(run("run-1", "jA", null), TTLS, ScriptArgs.Memory.NONE);
        f.scripts.launchMany(List.of(run("run-2", "jB", null)), TTLS);
        f.scripts.enqueueJobs(List.of(new Plan.PlannedJob("default", 0, payload("jC", "default"))), List.of("jC"), List.of());

        assertEquals(3, queued().size());
        assertTrue(f.redis.keys(f.prefix + "idem:*").isEmpty());
    }

    @Test
    void launchManyStartsOnlyTheRunsWhoseKeysAreNewAndAnswersTheRecordedIdsOfTheOthers() {
        f.scripts.launch(run("run-1", "jA", once("k1", "d1")), TTLS, ScriptArgs.Memory.NONE);

        ScriptReplies.Started started = f.scripts.launchMany(List.of(run("run-1b", "jA2", once("k1", "d1")),
                run("run-2", "jB", once("k2", "d2")), run("run-3", "jC", null)), TTLS);

        assertEquals(Arrays.asList("run-1", null, null), started.recorded());
        assertEquals(2, started.jobs());
        assertFalse(f.redis.exists(f.keys.run("run-1b")));
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-2"), "state"));
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-3"), "state"));
        assertEquals(List.of(payload("jC", "default"), payload("jB", "default"), payload("jA", "default")), queued());
        assertTrue(f.redis.get(f.keys.idempotency("k2")).contains("run-2"), "the new key is recorded with its run");

        ScriptReplies.Started again = f.scripts.launchMany(List.of(run("run-x", "jX", once("k2", "d2"))), TTLS);
        assertEquals(List.of("run-2"), again.recorded());
    }

    @Test
    void launchManyWithOneConflictingKeyWritesNothingAndNamesThatKey() {
        f.scripts.launch(run("run-1", "jA", once("k1", "d1")), TTLS, ScriptArgs.Memory.NONE);

        IdempotencyConflictException e = assertThrows(IdempotencyConflictException.class, () -> f.scripts.launchMany(
                List.of(run("run-2", "jB", once("k2", "d2")), run("run-3", "jC", once("k1", "other"))), TTLS));

        assertEquals("k1", e.key());
        assertEquals("run-1", e.recordedId());
        assertFalse(f.redis.exists(f.keys.run("run-2")));
        assertFalse(f.redis.exists(f.keys.idempotency("k2")));
        assertEquals(List.of(payload("jA", "default")), queued());
    }

    @Test
    void pushEnqueuesOnlyTheJobsWhoseKeysAreNew() {
        List<Plan.PlannedJob> jobs = List.of(new Plan.PlannedJob("default", 0, payload("j1", "default")),
                new Plan.PlannedJob("default", 0, payload("j2", "default")));
        ScriptReplies.Started first = f.scripts.enqueueJobs(jobs, List.of("j1", "j2"), Arrays.asList(once("e1", "d1"), null));
        ScriptReplies.Started again = f.scripts.enqueueJobs(List.of(new Plan.PlannedJob("default", 0, payload("j3", "default")),
                new Plan.PlannedJob("default", 0, payload("j4", "default"))), List.of("j3", "j4"),
                List.of(once("e1", "d1"), once("e2", "d2")));

        assertEquals(Arrays.asList(null, null), first.recorded());
        assertEquals(Arrays.asList("j1", null), again.recorded());
        assertEquals(1, again.jobs());
        assertEquals(List.of(payload("j4", "default"), payload("j2", "default"), payload("j1", "default")), queued());
    }

    @Test
    void pushWithAConflictingKeyWritesNothing() {
        f.scripts.enqueueJobs(List.of(new Plan.PlannedJob("default", 0, payload("j1", "default"))), List.of("j1"),
                List.of(once("e1", "d1")));

        IdempotencyConflictException e = assertThrows(IdempotencyConflictException.class, () -> f.scripts.enqueueJobs(
                List.of(new Plan.PlannedJob("default", 0, payload("j2", "default")),
                        new Plan.PlannedJob("default", 0, payload("j3", "default"))),
                List.of("j2", "j3"), List.of(once("e2", "d2"), once("e1", "other"))));

        assertEquals("e1", e.key());
        assertEquals("j1", e.recordedId());
        assertEquals(List.of(payload("j1", "default")), queued());
        assertFalse(f.redis.exists(f.keys.idempotency("e2")));
    }
}
