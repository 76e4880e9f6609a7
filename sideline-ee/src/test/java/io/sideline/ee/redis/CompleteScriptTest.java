package io.sideline.ee.redis;

import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** complete.lua: the atomic completion, on a real Redis. */
class CompleteScriptTest {

    final ScriptFixture f = fixture();

    /** The fixture the tests run on: one Redis here, a cluster in a subclass. */
    ScriptFixture fixture() {
        return new ScriptFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private Plan continuationPlan(String jid) {
        return plan(List.of(), List.of(new Plan.PlannedJob("default", 0, payload(jid, "default"))));
    }

    @Test
    void releasesAChainBarrierExactlyOnceAndEnqueuesItsContinuation() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("c1", 1, false, "{\"job\":\"B\"}", false)),
                List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);
        f.fetched(a); // the same job delivered twice, both copies fetched by this worker

        assertEquals(Completion.done(1, null, false), f.complete(a, "jA", "c1", continuationPlan("jB")));
        assertEquals(Completion.done(0, null, false), f.complete(a, "jA", "c1", continuationPlan("jB-again")));

        assertEquals(List.of(payload("jB", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1));
        assertEquals(0, f.redis.llen(f.keys.inProgress(ScriptFixture.WORKER)));
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_done"), "a duplicate is not counted as done");
    }

    @Test
    void aDuplicateMemberDoesNotCountTwiceAndTheLastMemberReleasesTheGroupAndTheRun() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 3, true, "", false)), List.of()), 3);
        for (String jid : List.of("jA", "jA", "jB", "jC")) {
            f.fetched(payload(jid, "default"));
        }

        assertEquals(Completion.done(0, null, false), f.complete(payload("jA", "default"), "jA", "g", "", "root", ""));
        assertEquals(Completion.done(0, null, false), f.complete(payload("jA", "default"), "jA", "g", "", "root", ""));
        assertEquals(Completion.done(0, null, false), f.complete(payload("jB", "default"), "jB", "g", "", "root", ""));
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-1"), "state"), "2 of 3 distinct members: not released");
        assertNull(f.redis.hget(f.keys.barrier("g"), "released"));

        assertEquals(Completion.done(2, null, true), f.complete(payload("jC", "default"), "jC", "g", "", "root", ""));
        assertEquals("SUCCEEDED", f.redis.hget(f.keys.run("run-1"), "state"));
        assertEquals("3", f.redis.hget(f.keys.run("run-1"), "jobs_done"));
        assertTrue(f.redis.hexists(f.keys.run("run-1"), "finished_at"));
    }

    @Test
    void aGroupsBarrierThatCarriesAChainsContinuationLaunchesItOnceWhenTheLastMemberArrivesAndNotForALateCopy() {
        // chain(group(A, B), C) since 2026-12-06: the group's own barrier holds the continuation (no barrier of one)
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, false, "{\"job\":\"C\"}", false)),
                List.of()), 3);
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.fetched(b);

        assertEquals(Completion.done(0, null, false), completeMember(a, "jA", continuationPlan("jC")));
        assertEquals(0, f.redis.llen(f.keys.queue("default")), "one of two members: nothing launched");
        assertEquals(Completion.done(1, null, false), completeMember(b, "jB", continuationPlan("jC")));
        f.fetched(a); // A delivered again after the group was released
        assertEquals(Completion.done(0, null, false), completeMember(a, "jA", continuationPlan("jC-again")));

        assertEquals(List.of(payload("jC", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1), "one continuation");
        assertEquals("2", f.redis.hget(f.keys.run("run-1"), "jobs_done"), "the late copy is not counted");
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-1"), "state"), "C has yet to run");
        assertEquals(0, f.redis.llen(f.keys.inProgress(ScriptFixture.WORKER)), "the copy was acknowledged");
    }

    /** A member of group g completing, its level marked as a group's (the engine's path for such a barrier). */
    private Completion completeMember(String payload, String jid, Plan continuation) {
        Integer node = new io.sideline.ee.codec.PayloadCodec().decode(payload).node();
        return f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, payload, jid, "run-1", true,
                ScriptArgs.Memory.NONE, null, List.of(new ScriptArgs.Level("g", continuation, false, true)), node),
                ScriptFixture.TTLS);
    }

    @Test
    void aWaitingMemberRecordsItsProgressAtTheRedisClockAndCountsOnce() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 3, true, "", false)), List.of()), 3);
        f.redis.hset(f.keys.run("run-1"), "progress_at", "1"); // long ago: the completion must move it
        f.redis.zadd(f.keys.running(), 1, "run-1");
        String a = payload("jA", "default", 4);
        f.fetched(a);
        f.fetched(a);

        long before = redisMillis();
        assertEquals(Completion.done(0, null, false), f.complete(a, "jA", "g", "", "root", ""));
        assertEquals(Completion.done(0, null, false), f.complete(a, "jA", "g", "", "root", ""));
        long after = redisMillis();

        // complete.lua writes the count with the progress and passes the time as text: both must be exact
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_done"), "a member delivered twice counts once");
        long progress = Long.parseLong(f.redis.hget(f.keys.run("run-1"), "progress_at"));
        assertTrue(progress >= before && progress <= after, progress + " not within [" + before + ", " + after + "]");
        assertEquals(progress, f.redis.zscore(f.keys.running(), "run-1").longValue(), "the stall detector's score");
        assertEquals("succeeded:jA", f.redis.hget(f.keys.nodes("run-1"), "4"), "its node, written without placing a job");
    }

    @Test
    void aCompletionInTheSecondOfTheRunsLastProgressLeavesItsIndexScore() {
        // the score moves once a second at most (complete.lua, touch_run_counted): a step in the same second of Redis'
        // clock as the run's last progress writes progress_at and leaves the score. Redis' clock cannot be held, so an
        // attempt counts only when the second did not change around the call (each attempt takes a few ms)
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 10, true, "", false)), List.of()), 10);
        for (int attempt = 0; attempt < 5; attempt++) {
            String jid = "j" + attempt;
            String a = payload(jid, "default");
            f.fetched(a);
            long before = redisMillis();
            f.redis.hset(f.keys.run("run-1"), "progress_at", Long.toString(before)); // the last progress: now
            f.redis.zadd(f.keys.running(), 1, "run-1"); // a marker: moved only by a ZADD of the completion
            assertEquals(Completion.done(0, null, false), f.complete(a, jid, "g", "", "root", ""));
            long after = redisMillis();
            if (before / 1000 == after / 1000) {
                assertEquals(1, f.redis.zscore(f.keys.running(), "run-1").longValue(), "the index score was left");
                long progress = Long.parseLong(f.redis.hget(f.keys.run("run-1"), "progress_at"));
                assertTrue(progress >= before && progress <= after, "progress_at is exact: " + progress);
                assertEquals(Integer.toString(attempt + 1), f.redis.hget(f.keys.run("run-1"), "jobs_done"));
                return;
            }
        }
        throw new AssertionError("no attempt of 5 stayed within one second of Redis' clock");
    }

    @Test
    void aCompletionInALaterSecondThanTheRunsLastProgressMovesItsIndexScore() {
        // even when that progress is less than a second ago (1 ms before the current second): by second, not by
        // distance, else a run that always steps again within a second would never move its score
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 3, true, "", false)), List.of()), 3);
        String a = payload("jA", "default");
        f.fetched(a);
        long before = redisMillis();
        f.redis.hset(f.keys.run("run-1"), "progress_at", Long.toString(before - before % 1000 - 1));
        f.redis.zadd(f.keys.running(), 1, "run-1");

        assertEquals(Completion.done(0, null, false), f.complete(a, "jA", "g", "", "root", ""));

        long progress = Long.parseLong(f.redis.hget(f.keys.run("run-1"), "progress_at"));
        assertTrue(progress >= before, "progress " + progress);
        assertEquals(progress, f.redis.zscore(f.keys.running(), "run-1").longValue(), "the score moved to the progress");
    }

    /** Redis' clock in milliseconds, as the scripts read it. */
    @SuppressWarnings("unchecked")
    private long redisMillis() {
        List<String> t = (List<String>) f.redis.eval("return redis.call('TIME')");
        return Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000;
    }

    @Test
    void aMissingBarrierIsReportedAndNothingChanges() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = payload("jA", "default");
        f.fetched(a);

        assertEquals(Completion.missing("gone"), f.complete(a, "jA", "gone", "", "root", ""));

        assertEquals(List.of(a), f.redis.lrange(f.keys.inProgress(ScriptFixture.WORKER), 0, -1), "still in progress");
        assertEquals("0", f.redis.hget(f.keys.run("run-1"), "jobs_done"));
        assertFalse(f.redis.exists(f.keys.barrierMembers("root")));
    }

    @Test
    void aGroupMemberThatIsNotTheLastReadsNoBarrierBelowItsGroupSoOnlyTheLastReportsThatBarrierMissing() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)), List.of()), 2);
        f.redis.del(f.keys.barrier("root")); // the level below the group is gone (expired, or deleted)
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.fetched(b);

        assertEquals(Completion.done(0, null, false), f.complete(a, "jA", "g", "", "root", ""),
                "the first of two members counts: the walk stops at its group, whatever lies below");
        assertEquals(Completion.missing("root"), f.complete(b, "jB", "g", "", "root", ""),
                "the last member would release its group into the missing root");

        assertEquals(List.of(b), f.redis.lrange(f.keys.inProgress(ScriptFixture.WORKER), 0, -1), "the last is still in progress");
        assertEquals(java.util.Set.of("jA"), f.redis.smembers(f.keys.barrierMembers("g")), "only the first counted");
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_done"));
    }

    @Test
    void aJobNoLongerInProgressIsFencedAndChangesNothing() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);

        assertEquals(Completion.fenced(), f.complete(payload("jA", "default"), "jA", "root", ""));

        assertFalse(f.redis.exists(f.keys.barrierMembers("root")));
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-1"), "state"));
    }

    @Test
    void aContinuationWithoutAPlanIsRefusedBeforeAnythingChanges() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("c1", 1, false, "{\"job\":\"B\"}", false)),
                List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.complete(a, "jA", "c1", ""));
        assertTrue(e.getMessage().contains("barrier c1 has a continuation that was not planned"), e.getMessage());
        assertEquals(1, f.redis.llen(f.keys.inProgress(ScriptFixture.WORKER)));
    }

    @Test
    void barriersOfAContinuationAreCreatedWithTheirTtl() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("c1", 1, false, "{\"job\":\"B\"}", false)),
                List.of()), 3);
        String a = payload("jA", "default");
        f.fetched(a);
        Plan next = plan(List.of(barrier("c2", 1, false, "{\"job\":\"C\"}", false)),
                List.of(new Plan.PlannedJob("default", 0, payload("jB", "default"))));

        f.complete(a, "jA", "c1", next);

        long ttl = f.redis.ttl(f.keys.barrier("c2"));
        assertTrue(ttl > ScriptFixture.BARRIER_TTL - 5 && ttl <= ScriptFixture.BARRIER_TTL, "barrier TTL was " + ttl);
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_done"));
        assertFalse(f.redis.exists(f.keys.barrierMembers("c1")), "a barrier of 1 needs no member set");
    }

    @Test
    void aGroupsMemberSetInheritsTheTtlOfItsBarrier() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)), List.of()), 2);
        f.redis.expire(f.keys.barrier("g"), 100);
        String a = payload("jA", "default");
        f.fetched(a);

        assertEquals(Completion.done(0, null, false), f.complete(a, "jA", "g", "", "root", ""));

        long membersTtl = f.redis.ttl(f.keys.barrierMembers("g"));
        assertTrue(membersTtl > 90 && membersTtl <= 100, "member set TTL was " + membersTtl);
    }

    @Test
    void aChainStepDeliveredAgainAfterItsBarrierWasReleasedChangesNothing() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("c1", 1, false, "{\"job\":\"B\"}", false)),
                List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);
        assertEquals(Completion.done(1, null, false), f.complete(a, "jA", "c1", continuationPlan("jB")));
        f.fetched(a); // delivered again after its first completion ran

        assertEquals(Completion.done(0, null, false), f.complete(a, "jA", "c1", continuationPlan("jB-again")));

        assertEquals(List.of(payload("jB", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1), "one continuation");
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_done"));
        assertEquals(0, f.redis.llen(f.keys.inProgress(ScriptFixture.WORKER)), "the copy was acknowledged");
    }

    @Test
    void aDelayedContinuationJobWaitsInTheScheduleScoredByRedisTime() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("c1", 1, false, "{\"job\":\"B\"}", false)),
                List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);
        Plan delayed = plan(List.of(), List.of(new Plan.PlannedJob("default", 5_000, payload("jB", "default"))));
        long redisNowMs = (Long) f.redis.eval("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)");

        f.complete(a, "jA", "c1", delayed);

        Double due = f.redis.zscore(f.keys.schedule(), payload("jB", "default"));
        assertTrue(due != null && due >= redisNowMs + 5_000 && due < redisNowMs + 6_000, "due at " + due);
        assertEquals(0, f.redis.llen(f.keys.queue("default")));
    }

    @Test
    void launchingTheSameRunTwiceIsRefused() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> f.launch("run-1", plan(List.of(barrier("root2", 1, false, "", true)), List.of()), 1));
        assertTrue(e.getMessage().contains("run exists"), e.getMessage());
        assertFalse(f.redis.exists(f.keys.barrier("root2")));
    }

    @Test
    void aPrefetchTakesTheOldestJobOfTheQueueIntoTheInProgressListInTheSameStep() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("c1", 1, false, "{\"job\":\"B\"}", false)),
                List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);
        f.redis.lpush(f.keys.queue("default"), payload("x1", "default"));
        f.redis.lpush(f.keys.queue("default"), payload("x2", "default"));

        assertEquals(Completion.done(1, payload("x1", "default"), false), f.completeAndPrefetch("default", a, "jA", "c1", continuationPlan("jB")));

        assertEquals(List.of(payload("x1", "default")), f.redis.lrange(f.keys.inProgress(ScriptFixture.WORKER), 0, -1),
                "the completed job left the in-progress list and the oldest queued one entered it");
        assertEquals(List.of(payload("jB", "default"), payload("x2", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1),
                "the continuation was enqueued behind the older job");
    }

    @Test
    void aPrefetchFromAQueueThatWasEmptyTakesTheContinuationTheCompletionLaunched() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("c1", 1, false, "{\"job\":\"B\"}", false)),
                List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);

        assertEquals(Completion.done(1, payload("jB", "default"), false), f.completeAndPrefetch("default", a, "jA", "c1", continuationPlan("jB")));
        assertEquals(List.of(payload("jB", "default")), f.redis.lrange(f.keys.inProgress(ScriptFixture.WORKER), 0, -1));
        assertEquals(0, f.redis.llen(f.keys.queue("default")));
    }

    @Test
    void aPrefetchFromAnEmptyQueueTakesNothing() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = payload("jA", "default");
        f.fetched(a);

        assertEquals(Completion.done(1, null, true), f.completeAndPrefetch("default", a, "jA", "root", ""));
        assertEquals(0, f.redis.llen(f.keys.inProgress(ScriptFixture.WORKER)));
    }

    @Test
    void aFencedCompletionTakesNoNextJob() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        f.redis.lpush(f.keys.queue("default"), payload("x1", "default"));

        assertEquals(Completion.fenced(), f.completeAndPrefetch("default", payload("jA", "default"), "jA", "root", ""));
        assertEquals(List.of(payload("x1", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1));
        assertEquals(0, f.redis.llen(f.keys.inProgress(ScriptFixture.WORKER)));
    }

    private Completion completeWithOutput(String payload, String jid, boolean clearOnSuccess, Object... levelPairs) {
        ScriptArgs.Memory memory = new ScriptArgs.Memory(f.memoryKey, 120, clearOnSuccess,
                java.util.Map.of("doc_id", "\"123\"", "score", "0.5"));
        return f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, payload, jid, "run-1", true, memory, null,
                ScriptFixture.levels(levelPairs)), ScriptFixture.TTLS);
    }

    @Test
    void theOutputIsWrittenToMemoryWithItsTtlInTheSameStepAsTheCompletion() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)), List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);

        assertEquals(Completion.done(0, null, false), completeWithOutput(a, "jA", false, "g", "", "root", ""));

        assertEquals(java.util.Map.of("doc_id", "\"123\"", "score", "0.5"), f.redis.hgetAll(f.memoryKey));
        long ttl = f.redis.ttl(f.memoryKey);
        assertTrue(ttl > 100 && ttl <= 120, "memory TTL " + ttl);
    }

    @Test
    void aFencedOrRefusedCompletionWritesNoOutput() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = payload("jA", "default");

        assertEquals(Completion.fenced(), completeWithOutput(a, "jA", false, "root", ""));
        f.fetched(a);
        assertEquals(Completion.missing("gone"), completeWithOutput(a, "jA", false, "gone", "", "root", ""));

        assertFalse(f.redis.exists(f.memoryKey), "no output without its completion");
    }

    @Test
    void memoryIsClearedWhenTheRunSucceedsIfConfigured() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = payload("jA", "default");
        f.fetched(a);

        assertEquals(Completion.done(1, null, true), completeWithOutput(a, "jA", true, "root", ""));

        assertEquals("SUCCEEDED", f.redis.hget(f.keys.run("run-1"), "state"));
        assertFalse(f.redis.exists(f.memoryKey));
    }
}
