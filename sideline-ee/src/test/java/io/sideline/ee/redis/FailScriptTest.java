package io.sideline.ee.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.sideline.ee.redis.ScriptFixture.WORKER;
import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fail.lua: a failed attempt, acknowledged atomically with its retry or its death, on a real Redis. */
class FailScriptTest {

    private static final int DEAD_MAX = 100;
    private static final long DEAD_TTL = 86_400;

    final ScriptFixture f = fixture();

    /** The fixture the tests run on: one Redis here, a cluster in a subclass. */
    ScriptFixture fixture() {
        return new ScriptFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** The payload as the worker stores it after a failure: retry count and error recorded. */
    private static String stored(String jid, int retryCount) {
        return "{\"class\":\"T\",\"args\":[],\"jid\":\"" + jid + "\",\"queue\":\"default\",\"retry_count\":" + retryCount
                + ",\"error_class\":\"java.lang.IllegalStateException\",\"error_message\":\"boom\"}";
    }

    private String fail(String worker, String payload, String stored, boolean retry, long delayMs, String runId) {
        return fail(worker, payload, stored, retry, delayMs, runId, DEAD_MAX, DEAD_TTL);
    }

    /** fail.lua's outcome, in the words of its reply ("retry", "dead", "fenced"). */
    private String fail(String worker, String payload, String stored, boolean retry, long delayMs, String runId,
                        int deadMax, long deadTtl) {
        return f.scripts.fail(new ScriptArgs.Failure(worker.isEmpty() ? null : worker, payload, stored,
                        retry ? ScriptArgs.FailMode.RETRY : ScriptArgs.FailMode.DEAD, delayMs, runId.isEmpty() ? null : runId),
                new ScriptArgs.DeadLimits(deadMax, deadTtl), ScriptFixture.RUN_TTL).name().toLowerCase(java.util.Locale.ROOT);
    }

    private long redisNowMs() {
        return (Long) f.redis.eval("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)");
    }

    private void launchRun() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 2);
    }

    @Test
    void aRetryLeavesInProgressAndWaitsInTheRetrySetScoredByRedisTimePlusTheDelay() {
        launchRun();
        String a = payload("jA", "default");
        f.fetched(a);
        long before = redisNowMs();

        assertEquals("retry", fail(WORKER, a, stored("jA", 1), true, 30_000, "run-1"));

        long after = redisNowMs();
        assertEquals(0, f.redis.llen(f.keys.inProgress(WORKER)));
        Double due = f.redis.zscore(f.keys.retry(), stored("jA", 1));
        assertNotNull(due, "the stored text (with the error) waits in the retry set");
        assertTrue(due >= before + 30_000 && due <= after + 30_000, "due at " + due + ", Redis now " + before + ".." + after);
        assertNull(f.redis.zscore(f.keys.retry(), a), "not the payload as fetched");
        assertEquals(1, f.redis.zcard(f.keys.retry()));
        assertEquals(0, f.redis.zcard(f.keys.dead()));
        Map<String, String> run = f.redis.hgetAll(f.keys.run("run-1"));
        assertEquals("RUNNING", run.get("state"), "a retry does not end the run");
        assertEquals("0", run.get("jobs_failed"));
    }

    @Test
    void aDeadJobGoesToTheDeadSetAndFailsItsRun() {
        launchRun();
        String a = payload("jA", "default");
        f.fetched(a);
        long before = redisNowMs();

        assertEquals("dead", fail(WORKER, a, stored("jA", 26), false, 0, "run-1"));

        long after = redisNowMs();
        assertEquals(0, f.redis.llen(f.keys.inProgress(WORKER)));
        Double failedAt = f.redis.zscore(f.keys.dead(), stored("jA", 26));
        assertNotNull(failedAt);
        assertTrue(failedAt >= before && failedAt <= after, "scored " + failedAt + ", Redis now " + before + ".." + after);
        assertEquals(0, f.redis.zcard(f.keys.retry()));
        Map<String, String> run = f.redis.hgetAll(f.keys.run("run-1"));
        assertEquals("FAILED", run.get("state"));
        assertEquals("1", run.get("jobs_failed"));
        assertEquals("0", run.get("jobs_done"));
        long finishedAt = Long.parseLong(run.get("finished_at"));
        assertTrue(finishedAt >= before && finishedAt <= after, "finished_at " + finishedAt);
        long ttl = f.redis.ttl(f.keys.run("run-1"));
        assertTrue(ttl > ScriptFixture.RUN_TTL - 5 && ttl <= ScriptFixture.RUN_TTL, "run TTL was " + ttl);
    }

    @Test
    void aSecondDeadJobCountsButKeepsTheFirstFailureTime() {
        launchRun();
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.fetched(b);

        assertEquals("dead", fail(WORKER, a, stored("jA", 1), false, 0, "run-1"));
        String firstFinish = f.redis.hget(f.keys.run("run-1"), "finished_at");
        assertEquals("dead", fail(WORKER, b, stored("jB", 1), false, 0, "run-1"));

        assertEquals("FAILED", f.redis.hget(f.keys.run("run-1"), "state"));
        assertEquals("2", f.redis.hget(f.keys.run("run-1"), "jobs_failed"));
        assertEquals(firstFinish, f.redis.hget(f.keys.run("run-1"), "finished_at"), "the first outcome wins");
        assertEquals(2, f.redis.zcard(f.keys.dead()));
    }

    @Test
    void aRunThatAlreadySucceededStaysSucceeded() {
        launchRun();
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.fetched(b);
        assertEquals(io.sideline.ee.runtime.Completion.done(1, null, true), f.complete(a, "jA", "root", ""));
        String finishedAt = f.redis.hget(f.keys.run("run-1"), "finished_at");
        assertEquals("SUCCEEDED", f.redis.hget(f.keys.run("run-1"), "state"));

        assertEquals("dead", fail(WORKER, b, stored("jB", 1), false, 0, "run-1"));

        assertEquals("SUCCEEDED", f.redis.hget(f.keys.run("run-1"), "state"));
        assertEquals(finishedAt, f.redis.hget(f.keys.run("run-1"), "finished_at"));
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_failed"), "the failure is still counted");
        assertNotNull(f.redis.zscore(f.keys.dead(), stored("jB", 1)));
    }

    @Test
    void aPayloadNoLongerInProgressIsFencedAndNothingChanges() {
        launchRun();
        String a = payload("jA", "default");
        f.redis.lpush(f.keys.inProgress("worker-2"), a); // another worker holds it now (e.g. after a reap)

        assertEquals("fenced", fail(WORKER, a, stored("jA", 1), true, 1_000, "run-1"));
        assertEquals("fenced", fail(WORKER, a, stored("jA", 26), false, 0, "run-1"));

        assertFalse(f.redis.exists(f.keys.retry()));
        assertFalse(f.redis.exists(f.keys.dead()));
        assertEquals(List.of(a), f.redis.lrange(f.keys.inProgress("worker-2"), 0, -1));
        Map<String, String> run = f.redis.hgetAll(f.keys.run("run-1"));
        assertEquals("RUNNING", run.get("state"));
        assertEquals("0", run.get("jobs_failed"));
        assertNull(run.get("finished_at"));
    }

    @Test
    void onlyOneCopyOfADuplicateDeliveryIsAcknowledged() {
        String a = payload("jA", "default");
        f.fetched(a);
        f.fetched(a);

        assertEquals("retry", fail(WORKER, a, stored("jA", 1), true, 1_000, ""));

        assertEquals(List.of(a), f.redis.lrange(f.keys.inProgress(WORKER), 0, -1));
    }

    @Test
    void aPayloadThatWasNeverFetchedStillGoesToTheDeadSet() {
        String raw = "not json at all";
        String wrapped = "{\"error_class\":\"MalformedPayload\",\"error_message\":\"payload is not valid JSON\",\"raw\":\"not json at all\"}";

        assertEquals("dead", fail("", raw, wrapped, false, 0, ""));

        assertNotNull(f.redis.zscore(f.keys.dead(), wrapped));
        assertEquals(1, f.redis.keys(f.prefix + "*").size(), "only the dead set was written");
    }

    @Test
    void aNeverFetchedPayloadWithARunIdFailsThatRun() {
        launchRun();

        assertEquals("dead", fail("", payload("jA", "default"), stored("jA", 0), false, 0, "run-1"));

        assertEquals("FAILED", f.redis.hget(f.keys.run("run-1"), "state"));
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_failed"));
    }

    @Test
    void aDeadJobOfAnExpiredRunDoesNotRecreateTheRun() {
        String a = payload("jA", "default");
        f.fetched(a);

        assertEquals("dead", fail(WORKER, a, stored("jA", 1), false, 0, "gone-run"));

        assertFalse(f.redis.exists(f.keys.run("gone-run")));
        assertNotNull(f.redis.zscore(f.keys.dead(), stored("jA", 1)));
    }

    @Test
    void theDeadSetIsTrimmedToItsCapKeepingTheNewest() {
        long now = redisNowMs();
        f.redis.zadd(f.keys.dead(), now - 3_000, "old-1");
        f.redis.zadd(f.keys.dead(), now - 2_000, "old-2");
        f.redis.zadd(f.keys.dead(), now - 1_000, "old-3");
        String a = payload("jA", "default");
        f.fetched(a);

        assertEquals("dead", fail(WORKER, a, stored("jA", 1), false, 0, "", 3, DEAD_TTL));

        assertEquals(List.of("old-2", "old-3", stored("jA", 1)), f.redis.zrange(f.keys.dead(), 0, -1));
    }

    @Test
    void deadEntriesOlderThanTheDeadTtlAreDropped() {
        long now = redisNowMs();
        f.redis.zadd(f.keys.dead(), now - 2 * 86_400_000L, "two-days-old");
        f.redis.zadd(f.keys.dead(), now - 3_600_000L, "an-hour-old");
        String a = payload("jA", "default");
        f.fetched(a);

        assertEquals("dead", fail(WORKER, a, stored("jA", 1), false, 0, "", DEAD_MAX, 86_400));

        assertEquals(List.of("an-hour-old", stored("jA", 1)), f.redis.zrange(f.keys.dead(), 0, -1));
    }
}
