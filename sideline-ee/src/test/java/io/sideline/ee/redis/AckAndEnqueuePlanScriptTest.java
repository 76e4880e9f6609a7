package io.sideline.ee.redis;

import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sideline.ee.redis.ScriptFixture.WORKER;
import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ack.lua and enqueue_plan.lua: the two halves of the at-most-once barrier's completion, on a real Redis. */
class AckAndEnqueuePlanScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private long redisNowMs() {
        return (Long) f.redis.eval("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)");
    }

    private void launchRun() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 2);
    }

    private boolean ack(String payload, boolean releasedRoot) {
        return f.scripts.ack(new ScriptArgs.Ack(WORKER, payload, "run-1", releasedRoot, true), ScriptFixture.RUN_TTL);
    }

    @Test
    void aJobNoLongerInProgressIsFencedAndNothingChanges() {
        launchRun();

        assertFalse(ack(payload("jA", "default"), true));

        Map<String, String> run = f.redis.hgetAll(f.keys.run("run-1"));
        assertEquals("0", run.get("jobs_done"));
        assertEquals("RUNNING", run.get("state"));
        assertNull(run.get("finished_at"));
    }

    @Test
    void anAcknowledgedJobLeavesInProgressAndCountsAsDone() {
        launchRun();
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.fetched(b);

        assertTrue(ack(a, false));
        assertTrue(ack(b, false));

        assertEquals(0, f.redis.llen(f.keys.inProgress(WORKER)));
        assertEquals("2", f.redis.hget(f.keys.run("run-1"), "jobs_done"));
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-1"), "state"), "no root released: still running");
        long ttl = f.redis.ttl(f.keys.run("run-1"));
        assertTrue(ttl > ScriptFixture.RUN_TTL - 5 && ttl <= ScriptFixture.RUN_TTL, "run TTL was " + ttl);
    }

    @Test
    void aJobIsAcknowledgedOnlyOnce() {
        launchRun();
        String a = payload("jA", "default");
        f.fetched(a);

        assertTrue(ack(a, false));
        assertFalse(ack(a, false));

        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_done"));
    }

    @Test
    void theJobThatReleasedTheRootMarksTheRunSucceeded() {
        launchRun();
        String a = payload("jA", "default");
        f.fetched(a);
        long before = redisNowMs();

        assertTrue(ack(a, true));

        long after = redisNowMs();
        Map<String, String> run = f.redis.hgetAll(f.keys.run("run-1"));
        assertEquals("SUCCEEDED", run.get("state"));
        assertEquals("1", run.get("jobs_done"));
        long finishedAt = Long.parseLong(run.get("finished_at"));
        assertTrue(finishedAt >= before && finishedAt <= after, "finished_at " + finishedAt);
    }

    @Test
    void aFailedRunStaysFailedWhenItsRootIsReleasedLater() {
        launchRun();
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.fetched(b);
        assertEquals(JobQueue.FailOutcome.DEAD, f.scripts.fail(new ScriptArgs.Failure(WORKER, a, a, ScriptArgs.FailMode.DEAD, 0, "run-1"),
                new ScriptArgs.DeadLimits(100, 86_400), ScriptFixture.RUN_TTL));

        assertTrue(ack(b, true));

        assertEquals("FAILED", f.redis.hget(f.keys.run("run-1"), "state"), "the first outcome wins");
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_done"));
    }

    @Test
    void enqueuePlanCreatesTheBarriersWithTheirTtlAndEnqueuesTheJobs() {
        String now1 = payload("j1", "default");
        String now2 = payload("j2", "critical");
        String later = payload("j3", "default");
        Plan p = plan(List.of(barrier("c2", 1, false, "{\"job\":\"C\"}", false), barrier("g", 2, true, "", false)),
                List.of(new Plan.PlannedJob("default", 0, now1), new Plan.PlannedJob("critical", 0, now2),
                        new Plan.PlannedJob("default", 5_000, later)));
        long before = redisNowMs();

        assertEquals(3, f.scripts.enqueuePlan(p, ScriptFixture.BARRIER_TTL));

        long after = redisNowMs();
        assertEquals(Map.of("count", "1", "propagate", "0", "continuation", "{\"job\":\"C\"}", "root", "0", "run", "run-1"),
                f.redis.hgetAll(f.keys.barrier("c2")));
        assertEquals(Map.of("count", "2", "propagate", "1", "continuation", "", "root", "0", "run", "run-1"),
                f.redis.hgetAll(f.keys.barrier("g")));
        for (String id : List.of("c2", "g")) {
            long ttl = f.redis.ttl(f.keys.barrier(id));
            assertTrue(ttl > ScriptFixture.BARRIER_TTL - 5 && ttl <= ScriptFixture.BARRIER_TTL, id + " TTL was " + ttl);
        }
        assertEquals(List.of(now1), f.redis.lrange(f.keys.queue("default"), 0, -1));
        assertEquals(List.of(now2), f.redis.lrange(f.keys.queue("critical"), 0, -1));
        assertEquals(Set.of("default", "critical"), f.redis.smembers(f.keys.queues()));
        Double due = f.redis.zscore(f.keys.schedule(), later);
        assertNotNull(due, "the delayed job waits in the schedule");
        assertTrue(due >= before + 5_000 && due <= after + 5_000, "due at " + due);
    }

    @Test
    void enqueuePlanKeepsTheOrderOfTheJobsOnAQueue() {
        Plan p = plan(List.of(), List.of(new Plan.PlannedJob("default", 0, payload("j1", "default")),
                new Plan.PlannedJob("default", 0, payload("j2", "default"))));

        f.scripts.enqueuePlan(p, ScriptFixture.BARRIER_TTL);

        assertEquals(payload("j1", "default"), f.redis.rpop(f.keys.queue("default")));
        assertEquals(payload("j2", "default"), f.redis.rpop(f.keys.queue("default")));
    }

    @Test
    void anEmptyPlanEnqueuesNothing() {
        assertEquals(0, f.scripts.enqueuePlan(plan(List.of(), List.of()), ScriptFixture.BARRIER_TTL));

        assertTrue(f.redis.keys(f.prefix + "*").isEmpty());
    }

    @Test
    void aPayloadWithLargeNumbersIsEnqueuedByteForByte() {
        String big = "{\"class\":\"T\",\"args\":[9007199254740993,0.1000000000000000055511151231257827],\"jid\":\"j1\",\"queue\":\"default\"}";

        f.scripts.enqueuePlan(plan(List.of(), List.of(new Plan.PlannedJob("default", 0, big))),
                ScriptFixture.BARRIER_TTL);

        assertEquals(List.of(big), f.redis.lrange(f.keys.queue("default"), 0, -1));
    }
}
