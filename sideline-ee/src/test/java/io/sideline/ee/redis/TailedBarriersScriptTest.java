package io.sideline.ee.redis;

import io.sideline.ee.runtime.ChainRef;
import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A launch's plan carries its barriers as one flat array of texts and its jobs' delays and graph nodes as texts
 * (PlanEncoder.tailed, apply_plan's bs and js); a plan applied on its own (enqueue_plan) still carries them as JSON
 * objects and numbers. Both write the same barrier hashes, schedule and graph: the form changes what Lua parses, never
 * what Redis stores.
 */
class TailedBarriersScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    /** A run's first barriers of every kind: its root, a propagating group of 3, a chain step with a graph node. */
    private static Plan plan(String runId, String suffix) {
        List<Plan.BarrierSpec> barriers = List.of(
                new Plan.BarrierSpec("root" + suffix, 1, false, Continuation.NONE, true, runId),
                new Plan.BarrierSpec("group" + suffix, 3, true, Continuation.NONE, false, runId),
                new Plan.BarrierSpec("step" + suffix, 1, false, new ChainRef("ch" + suffix, 1, 3), false, runId, 12));
        List<Plan.PlannedJob> jobs = List.of(
                new Plan.PlannedJob("default", 0, ScriptFixture.payload("now" + suffix, "default", 4),
                        new Plan.PlannedJob.Node(runId, 4, "now" + suffix)),
                new Plan.PlannedJob("default", 90_000, ScriptFixture.payload("later" + suffix, "default", 5),
                        new Plan.PlannedJob.Node(runId, 5, "later" + suffix)));
        return new Plan(barriers, jobs, List.of(new Plan.ChainSpec("ch" + suffix, List.of("{\"job\":\"A\"}",
                "{\"job\":\"B\"}", "{\"job\":\"C\"}"))), new TreeSet<>(), null, null);
    }

    @Test
    void aTailedPlanWritesTheBarriersScheduleAndGraphAnUntailedPlanWrites() {
        f.launch("run-t", plan("run-t", "-t"), 2);
        f.scripts.enqueuePlan(plan("run-u", "-u"), "run-u", ScriptFixture.BARRIER_TTL);

        for (String barrier : List.of("root", "group", "step")) {
            Map<String, String> tailed = f.redis.hgetAll(f.keys.barrier(barrier + "-t"));
            Map<String, String> untailed = f.redis.hgetAll(f.keys.barrier(barrier + "-u"));
            assertEquals(untailed.get("count"), tailed.get("count"), barrier);
            assertEquals(untailed.get("propagate"), tailed.get("propagate"), barrier);
            assertEquals(untailed.get("root"), tailed.get("root"), barrier);
            assertEquals(untailed.get("node"), tailed.get("node"), barrier);
            assertEquals(untailed.get("continuation").replace("-u", "-t"), tailed.get("continuation"), barrier);
            assertEquals(untailed.keySet(), tailed.keySet(), barrier);
            assertTrue(f.redis.ttl(f.keys.barrier(barrier + "-t")) > 0, barrier + " has its TTL");
        }
        assertEquals(Map.of("count", "3", "propagate", "1", "root", "0"), Map.of("count",
                f.redis.hget(f.keys.barrier("group-t"), "count"), "propagate", f.redis.hget(f.keys.barrier("group-t"),
                "propagate"), "root", f.redis.hget(f.keys.barrier("group-t"), "root")), "integers, never 3.0 or 1e0");
        assertEquals("12", f.redis.hget(f.keys.barrier("step-t"), "node"));
        assertTrue(f.redis.ttl(f.keys.chain("ch-t")) > 0, "the chain its continuation refers to has the barrier's TTL");

        // the delayed job waits in the schedule, due as far ahead; the other is queued; both have their graph node
        double tailedDue = f.redis.zscore(f.keys.schedule(), ScriptFixture.payload("later-t", "default", 5));
        double untailedDue = f.redis.zscore(f.keys.schedule(), ScriptFixture.payload("later-u", "default", 5));
        assertTrue(Math.abs(tailedDue - untailedDue) < 5_000, tailedDue + " against " + untailedDue);
        assertTrue(f.redis.lrange(f.keys.queue("default"), 0, -1).contains(ScriptFixture.payload("now-t", "default", 4)));
        assertEquals("scheduled:later-t", f.redis.hget(f.keys.nodes("run-t"), "5"));
        assertEquals("queued:now-t", f.redis.hget(f.keys.nodes("run-t"), "4"));
        assertEquals("scheduled:later-u", f.redis.hget(f.keys.nodes("run-u"), "5"));
    }
}
