package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rolling-upgrade gates: a server writes a format an earlier release cannot read (a one-job run's root kept in its
 * hash; long texts written in parts) only while every worker registered in {@code processes} has joined that format's
 * set ({@code processes:roots-in-hash}, {@code processes:texts-in-parts}; workers of this release join both at each
 * heartbeat). A worker of an earlier release, which would fail such a run, keeps the gate closed until the reaper
 * forgets it.
 */
class FleetGateTest {

    private static final Duration TTL = Duration.ofSeconds(10);

    private final ScriptFixture f = new ScriptFixture();
    private final FleetGate roots = FleetGate.rootsInHash();
    private final FleetGate texts = FleetGate.textsInParts();
    private final RedisWorkerRegistry registry = new RedisWorkerRegistry(f.redis, Shards.single(f.scripts),
            SidelineConfig.read(Map.of(SidelineConfig.Keys.KEY_PREFIX, f.prefix)::get), List.of(roots, texts));

    @AfterEach
    void close() {
        f.close();
    }

    private void launchOneJob(String runId) {
        f.launch(runId, new Plan(List.of(new Plan.BarrierSpec("root-" + runId, 1, false, Continuation.NONE, true, runId)),
                List.of(new Plan.PlannedJob("default", 0, ScriptFixture.payload("j-" + runId, "default")))), 1);
    }

    @Test
    void closedUntilTheFirstHeartbeatThenOpenWhenEveryWorkerHasJoined() {
        assertFalse(roots.getAsBoolean(), "closed before this server's first heartbeat");

        registry.heartbeat("new-1", TTL, "{}");
        registry.heartbeat("new-2", TTL, "{}");

        assertTrue(roots.getAsBoolean());
        assertEquals(Boolean.TRUE, f.redis.sismember(f.keys.rootsInHash(), "new-1"));
    }

    @Test
    void aRegisteredWorkerOfAnEarlierReleaseKeepsItClosedUntilItIsForgotten() {
        f.redis.sadd(f.keys.processes(), "old-1"); // its heartbeat, as an earlier release writes it

        registry.heartbeat("new-1", TTL, "{}");
        assertFalse(roots.getAsBoolean(), "old-1 would fail a run whose root has no key");

        f.redis.srem(f.keys.processes(), "old-1"); // reaped and forgotten (reap.lua)
        registry.heartbeat("new-1", TTL, "{}");
        assertTrue(roots.getAsBoolean());
    }

    @Test
    void aWorkerOfTheReleaseBeforeTextsInPartsKeepsThatGateClosedAndTheRootsGateOpen() {
        f.redis.sadd(f.keys.processes(), "session-14"); // it joins the roots' set at its beats, not the texts'
        f.redis.sadd(f.keys.rootsInHash(), "session-14");

        registry.heartbeat("new-1", TTL, "{}");

        assertTrue(roots.getAsBoolean(), "session-14 reads a root kept in the run's hash");
        assertFalse(texts.getAsBoolean(), "session-14 would read a text reference as a workflow tree");
        assertEquals(java.util.Set.of("new-1"), f.redis.smembers(f.keys.textsInParts()));
    }

    @Test
    void aWorkerNoLongerRegisteredLeavesTheSet() {
        f.redis.sadd(f.keys.rootsInHash(), "gone-1");

        registry.heartbeat("new-1", TTL, "{}");

        assertEquals(java.util.Set.of("new-1"), f.redis.smembers(f.keys.rootsInHash()));
    }

    @Test
    void launchesWriteTheRootBarrierKeyWhileItIsClosedAndNoneOnceItIsOpen() {
        f.scripts.rootsInHash(roots);
        f.redis.sadd(f.keys.processes(), "old-1");
        registry.heartbeat("new-1", TTL, "{}");

        launchOneJob("run-1");
        f.redis.srem(f.keys.processes(), "old-1");
        registry.heartbeat("new-1", TTL, "{}");
        launchOneJob("run-2");

        assertTrue(f.redis.exists(f.keys.barrier("root-run-1")), "closed: as an earlier release reads it");
        assertEquals("o:root-run-1", f.redis.hget(f.keys.run("run-1"), "x"));
        assertFalse(f.redis.exists(f.keys.barrier("root-run-2")), "open: the root is kept in the run's hash");
        assertEquals("r:root-run-2", f.redis.hget(f.keys.run("run-2"), "x"));
    }
}
