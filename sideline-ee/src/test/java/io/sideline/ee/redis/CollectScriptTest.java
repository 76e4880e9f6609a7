package io.sideline.ee.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** collect.lua and age_out.lua: a finished run's keys from the lease to retention; runs past their max age failed. */
class CollectScriptTest {

    private static final ScriptArgs.Retention RETENTION = new ScriptArgs.Retention(5, 7, 9);

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void launchAndFinish() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("b1", 2, true, "", false)),
                List.of()), 2);
        f.redis.hset(f.keys.memory("run-1"), "m", "1");
        f.redis.expire(f.keys.memory("run-1"), ScriptFixture.RUN_TTL);
        f.redis.hset(f.keys.run("run-1"), "state", "FAILED");
        f.redis.zadd(f.keys.collector(), 1, "run-1");
    }

    @Test
    void aLaunchIndexesTheRunsBarriers() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("b1", 2, true, "", false)),
                List.of()), 2);

        assertEquals(Set.of("o:root", "b:b1"), f.redis.smembers(f.keys.runKeys("run-1")),
                "a barrier of one is indexed without a member set (o:), a group's with one (b:)");
        assertTrue(f.redis.ttl(f.keys.runKeys("run-1")) > 0, "the index expires with the keys it names");
    }

    @Test
    void aFinishedRunsKeysAreTurnedDownToRetentionAndItLeavesTheCollector() {
        launchAndFinish();
        f.redis.sadd(f.keys.barrierMembers("b1"), "j1");
        f.redis.expire(f.keys.barrierMembers("b1"), ScriptFixture.BARRIER_TTL);

        assertTrue(f.scripts.collect("run-1", List.of("o:root", "b:b1"), false, RETENTION));
        assertTrue(f.redis.ttl(f.keys.barrier("root")) <= 5);
        assertTrue(f.redis.ttl(f.keys.barrierMembers("b1")) <= 5);
        assertEquals(1.0, f.redis.zscore(f.keys.collector(), "run-1"), "not done before the last call");

        assertTrue(f.scripts.collect("run-1", List.of(), true, RETENTION));
        assertTrue(f.redis.ttl(f.keys.runKeys("run-1")) <= 5);
        assertTrue(f.redis.ttl(f.keys.run("run-1")) <= 7);
        assertTrue(f.redis.ttl(f.keys.memory("run-1")) <= 9);
        assertNull(f.redis.zscore(f.keys.collector(), "run-1"));
    }

    @Test
    void theCollectorNeverLengthensATtl() {
        launchAndFinish();
        f.redis.expire(f.keys.barrier("root"), 2);

        f.scripts.collect("run-1", List.of("b:root"), false, RETENTION);

        assertTrue(f.redis.ttl(f.keys.barrier("root")) <= 2);
    }

    @Test
    void aRunningRunIsLeftAlone() {
        launchAndFinish();
        f.redis.hset(f.keys.run("run-1"), "state", "RUNNING");

        assertFalse(f.scripts.collect("run-1", List.of("b:root"), true, RETENTION));

        assertTrue(f.redis.ttl(f.keys.barrier("root")) > 7);
        assertTrue(f.redis.ttl(f.keys.run("run-1")) > 7);
        assertNull(f.redis.zscore(f.keys.collector(), "run-1"), "it left the collector's set");
    }

    @Test
    void oneCallCollectsManyRunsAndLeavesARunningOneAlone() {
        launchAndFinish();
        f.launch("run-2", plan(List.of(barrier("root2", 1, false, "", true)), List.of()), 1);
        f.redis.hset(f.keys.run("run-2"), "state", "SUCCEEDED");
        f.redis.zadd(f.keys.collector(), 2, "run-2");
        f.launch("run-3", plan(List.of(barrier("root3", 1, false, "", true)), List.of()), 1);
        f.redis.zadd(f.keys.collector(), 3, "run-3"); // RUNNING again (retried)

        assertEquals(List.of("done", "done", "running"), f.scripts.collect(List.of(
                new ScriptArgs.Collect("run-1", List.of("b:root", "b:b1"), true),
                new ScriptArgs.Collect("run-2", List.of("b:root2"), true),
                new ScriptArgs.Collect("run-3", List.of("b:root3"), true)), RETENTION));

        for (String key : List.of(f.keys.barrier("root"), f.keys.barrier("b1"), f.keys.barrier("root2"),
                f.keys.runKeys("run-2"))) {
            assertTrue(f.redis.ttl(key) <= 5, key);
        }
        assertTrue(f.redis.ttl(f.keys.run("run-2")) <= 7);
        assertTrue(f.redis.ttl(f.keys.barrier("root3")) > 7, "a running run keeps the lease");
        assertTrue(f.redis.ttl(f.keys.run("run-3")) > 7);
        assertEquals(List.of(), f.redis.zrange(f.keys.collector(), 0, -1), "all three left the collector's set");
    }

    @Test
    void theIndexesOfManyRunsAreReadInOneCallAndABigOneIsNamedBySize() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("b1", 2, true, "", false)),
                List.of()), 2);
        for (int i = 0; i < 5; i++) {
            f.redis.sadd(f.keys.runKeys("run-big"), "o:x" + i);
        }

        List<List<String>> indexes = f.scripts.readIndexes(List.of("run-1", "run-none", "run-big"), 4);

        assertEquals(Set.of("o:root", "b:b1"), Set.copyOf(indexes.get(0)));
        assertEquals(List.of(), indexes.get(1), "a run without an index has no entries");
        assertNull(indexes.get(2), "an index of more entries than asked for is read chunk by chunk instead");
    }

    @Test
    void aRunPastItsMaxAgeIsFailedWithTheReasonAndEntersTheCollector() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        f.launch("run-2", plan(List.of(barrier("root2", 1, false, "", true)), List.of()), 1);
        f.redis.hset(f.keys.run("run-1"), "started_at", "1000");
        f.redis.zadd(f.keys.running(), 1, "run-gone");

        assertEquals(List.of("run-1"), f.scripts.ageOut(List.of("run-1", "run-2", "run-gone"), 60_000, "too old"));

        Map<String, String> run = f.redis.hgetAll(f.keys.run("run-1"));
        assertEquals("FAILED", run.get("state"));
        assertEquals("too old", run.get("failed_reason"));
        assertNull(f.redis.zscore(f.keys.running(), "run-1"));
        assertTrue(f.redis.zscore(f.keys.collector(), "run-1") != null, "its keys are collected next");
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-2"), "state"), "a younger run is left alone");
        assertNull(f.redis.zscore(f.keys.running(), "run-gone"), "an id whose run is gone leaves the index");
    }
}
