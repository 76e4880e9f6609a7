package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin.JobEntry;
import io.sideline.ee.SidelineAdmin.JobSet;
import io.sideline.ee.SidelineAdmin.Page;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.engine.Await;
import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin queries over a real Redis: pages, cursors, the lazy trim, queues, workers, counts and job sets. */
class RedisAdminTest {

    private final ScriptFixture f = new ScriptFixture();
    private final SidelineAdmin admin = new RedisAdmin(f.redis, f.keys,
            SidelineConfig.read(Map.of(SidelineConfig.Keys.KEY_PREFIX, f.prefix)::get), f.scripts);

    @AfterEach
    void close() {
        f.close();
    }

    private static Plan rootOnly(String runId) {
        return new Plan(List.of(new Plan.BarrierSpec("root-" + runId, 1, false, Continuation.NONE, true, runId)), List.of());
    }

    /** Starts runs one launch_many call at a time: the runs of one call share their start time (a tie). */
    private void launchTogether(List<String> runIds) {
        f.scripts.launchMany(runIds.stream().map(id -> new ScriptArgs.RunLaunch(id, rootOnly(id), 1)).toList(),
                ScriptFixture.TTLS);
    }

    private long redisMillis() {
        List<?> time = (List<?>) f.redis.eval("return redis.call('TIME')");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    private List<String> allPages(RunState state, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<RunStatus> page = admin.runs(state, limit, cursor);
            assertTrue(page.items().size() <= limit);
            page.items().forEach(r -> seen.add(r.runId()));
            cursor = page.next();
            assertTrue(++pages < 100, "the cursor moves on");
        } while (cursor != null);
        return seen;
    }

    @Test
    void pagesListEveryRunOnceNewestFirstAcrossRunsThatStartedInTheSameMillisecond() {
        List<String> older = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            older.add(String.format("old-%02d", i));
        }
        launchTogether(older);
        // the newest run starts in a later millisecond of Redis' clock than the batch, however fast the scripts run
        long batch = Long.parseLong(f.redis.hget(f.keys.run("old-00"), "started_at"));
        Await.until("Redis' clock passes the batch's millisecond", Duration.ofSeconds(5), () -> redisMillis() > batch);
        f.launch("newest", rootOnly("newest"), 1);

        List<String> seen = allPages(RunState.RUNNING, 7);

        assertEquals(26, seen.size());
        assertEquals(26, new HashSet<>(seen).size(), "no run twice: " + seen);
        assertEquals("newest", seen.get(0));
        assertEquals(Set.copyOf(older), Set.copyOf(seen.subList(1, 26)));
        assertEquals(seen, allPages(null, 5), "the list of all runs holds the same, in the same order");
    }

    @Test
    void aPageHoldsTheRunsCountsAndTimes() {
        f.launch("run-1", rootOnly("run-1"), 3);

        RunStatus run = admin.runs(RunState.RUNNING, 10, null).items().get(0);

        assertEquals("run-1", run.runId());
        assertEquals(RunState.RUNNING, run.state());
        assertEquals(3, run.jobsTotal());
        assertEquals(0, run.jobsDone());
        assertEquals(Long.parseLong(f.redis.hget(f.keys.run("run-1"), "started_at")), run.startedAt().toEpochMilli());
        assertNull(run.finishedAt());
        assertTrue(admin.runs(RunState.FAILED, 10, null).items().isEmpty());
    }

    @Test
    void aRunWhoseStatusExpiredLeavesTheIndexesWhenAReaderMeetsIt() {
        launchTogether(List.of("gone", "kept"));
        f.redis.del(f.keys.run("gone")); // as its TTL would

        List<String> seen = allPages(null, 10);

        assertEquals(List.of("kept"), seen);
        assertNull(f.redis.zscore(f.keys.runsIndex(), "gone"));
        assertNull(f.redis.zscore(f.keys.runsIndex("RUNNING"), "gone"));
    }

    @Test
    void aPageReadsPastAStretchOfExpiredRuns() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add("r" + i);
        }
        launchTogether(ids);
        f.launch("oldest-kept", rootOnly("oldest-kept"), 1);
        f.redis.zadd(f.keys.runsIndex("RUNNING"), 0, "oldest-kept"); // the oldest of all
        f.redis.zadd(f.keys.runsIndex(), 0, "oldest-kept");
        ids.forEach(id -> f.redis.del(f.keys.run(id)));

        Page<RunStatus> page = admin.runs(RunState.RUNNING, 5, null);

        assertEquals(List.of("oldest-kept"), page.items().stream().map(RunStatus::runId).toList());
        assertEquals(1, f.redis.zcard(f.keys.runsIndex("RUNNING")), "the expired entries were trimmed");
    }

    @Test
    void aRunInAnotherStateThanItsIndexSaysIsMovedToItsOwn() {
        f.launch("run-1", rootOnly("run-1"), 1);
        f.redis.hset(f.keys.run("run-1"), "state", "FAILED"); // as the reaper finishes a run, without the indexes

        assertTrue(admin.runs(RunState.RUNNING, 10, null).items().isEmpty());
        assertEquals(List.of("run-1"), admin.runs(RunState.FAILED, 10, null).items().stream().map(RunStatus::runId).toList());
    }

    @Test
    void theListOfAllRunsMergesTheStatesNewestFirstAcrossPagesWithoutAnIndexOfAll() {
        List<String> expected = new ArrayList<>();
        String[] states = {"RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"};
        for (int i = 0; i < 23; i++) {
            String runId = String.format("run-%02d", i);
            f.launch(runId, rootOnly(runId), 1);
            String state = states[(i * 7) % 4 == 0 ? 0 : i % 4]; // interleaved, unevenly
            f.redis.hset(f.keys.run(runId), Map.of("state", state, "started_at", Long.toString(1_000 + i / 2)));
            f.redis.zrem(f.keys.runsIndex("RUNNING"), runId);
            f.redis.zadd(f.keys.runsIndex(state), 1_000 + i / 2, runId); // pairs share a start time (a tie)
            expected.add(0, runId);
        }

        List<String> seen = allPages(null, 4);

        assertFalse(f.redis.exists(f.keys.runsIndex()));
        assertEquals(23, new HashSet<>(seen).size(), "every run once: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            long before = Long.parseLong(f.redis.hget(f.keys.run(seen.get(i - 1)), "started_at"));
            long after = Long.parseLong(f.redis.hget(f.keys.run(seen.get(i)), "started_at"));
            assertTrue(before >= after, "newest first: " + seen);
        }
        assertEquals(Set.copyOf(expected), Set.copyOf(seen));
        assertEquals(seen, allPages(null, 23), "one page holds the same, in the same order");
    }

    @Test
    void limitsAndCursorsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> admin.runs(null, 0, null));
        assertThrows(IllegalArgumentException.class, () -> admin.runs(null, SidelineAdmin.MAX_PAGE + 1, null));
        assertThrows(IllegalArgumentException.class, () -> admin.runs(null, 10, "not-a-cursor"));
        assertThrows(IllegalArgumentException.class, () -> admin.runs(null, 10, "1:0~end"), "one cursor per state");
        assertThrows(IllegalArgumentException.class, () -> admin.jobs(JobSet.DEAD, 10, "1:-2"));
        assertEquals(0, admin.runs(null, SidelineAdmin.MAX_PAGE, null).items().size());
    }

    @Test
    void theDeadSetIsListedNewestFirstWithTheFailureOfEachJob() {
        for (int i = 0; i < 5; i++) {
            f.redis.zadd(f.keys.dead(), 1_000 + i, "{\"class\":\"Charge\",\"args\":[" + i + ",\"<b>x</b>\"],\"jid\":\"j" + i
                    + "\",\"queue\":\"default\",\"retry_count\":3,\"error_class\":\"java.lang.IllegalStateException\","
                    + "\"error_message\":\"card declined\",\"failed_at\":" + (1_000 + i) + ",\"sideline_run_id\":\"run-9\"}");
        }
        f.redis.zadd(f.keys.dead(), 500, "not json at all");

        Page<JobEntry> first = admin.jobs(JobSet.DEAD, 4, null);
        Page<JobEntry> second = admin.jobs(JobSet.DEAD, 4, first.next());

        assertEquals(List.of("j4", "j3", "j2", "j1"), first.items().stream().map(JobEntry::jid).toList());
        JobEntry top = first.items().get(0);
        assertEquals("Charge", top.jobClass());
        assertEquals("[4,\"<b>x</b>\"]", top.args());
        assertEquals("run-9", top.runId());
        assertEquals("java.lang.IllegalStateException", top.errorClass());
        assertEquals("card declined", top.errorMessage());
        assertEquals(1_004, top.failedAt().toEpochMilli());
        assertEquals(3, top.retryCount());
        assertEquals(2, second.items().size());
        assertEquals("j0", second.items().get(0).jid());
        assertEquals("MalformedPayload", second.items().get(1).errorClass(), "an unreadable entry still shows");
        assertEquals("not json at all", second.items().get(1).errorMessage());
        assertNull(second.next());
    }

    @Test
    void theScheduleIsListedSoonestFirst() {
        f.redis.zadd(f.keys.schedule(), 9_000, "{\"class\":\"Late\",\"args\":[],\"jid\":\"late\",\"queue\":\"q\"}");
        f.redis.zadd(f.keys.schedule(), 2_000, "{\"class\":\"Soon\",\"args\":[],\"jid\":\"soon\",\"queue\":\"q\"}");

        Page<JobEntry> page = admin.jobs(JobSet.SCHEDULED, 10, null);

        assertEquals(List.of("soon", "late"), page.items().stream().map(JobEntry::jid).toList());
        assertEquals(2_000, page.items().get(0).at().toEpochMilli());
        assertTrue(admin.jobs(JobSet.RETRY, 10, null).items().isEmpty());
    }

    @Test
    void queuesShowSizeLatencyOfTheOldestJobAndWhetherPaused() {
        long now = RedisRunStore.redisTimeMs(f.redis);
        f.redis.sadd(f.keys.queues(), "mail", "idle");
        f.redis.lpush(f.keys.queue("mail"), "{\"jid\":\"old\",\"enqueued_at\":" + (now - 60_000) + "}");
        f.redis.lpush(f.keys.queue("mail"), "{\"jid\":\"new\",\"enqueued_at\":" + now + "}");
        admin.pause("mail");

        List<SidelineAdmin.QueueInfo> queues = admin.queues();

        assertEquals(List.of("idle", "mail"), queues.stream().map(SidelineAdmin.QueueInfo::name).toList());
        SidelineAdmin.QueueInfo mail = queues.get(1);
        assertEquals(2, mail.size());
        assertTrue(mail.latencyMs() >= 60_000 && mail.latencyMs() < 120_000, "the oldest job's age: " + mail.latencyMs());
        assertTrue(mail.paused());
        assertEquals(new SidelineAdmin.QueueInfo("idle", 0, 0, false), queues.get(0));

        admin.resume("mail");
        assertFalse(admin.queues().get(1).paused());
        assertThrows(IllegalArgumentException.class, () -> admin.pause("no spaces"));
    }

    @Test
    void workersAreReadFromTheirHeartbeatsAndInProgressLists() {
        RedisWorkerRegistry processes = new RedisWorkerRegistry(f.redis, f.scripts, f.keys,
                SidelineConfig.read(Map.of(SidelineConfig.Keys.KEY_PREFIX, f.prefix)::get));
        processes.heartbeat("w1", java.time.Duration.ofSeconds(30), "{\"hostname\":\"h1\",\"pid\":42,\"started_at\":5,"
                + "\"queues\":\"default,mail\",\"concurrency\":8,\"beat_at\":1234}");
        processes.heartbeat("w-dead", java.time.Duration.ofSeconds(30), "{}");
        f.redis.del(f.keys.process("w-dead")); // its heartbeat expired
        f.redis.lpush(f.keys.inProgress("w1"), "a", "b");

        List<SidelineAdmin.WorkerInfo> workers = admin.workers();

        assertEquals(1, workers.size());
        SidelineAdmin.WorkerInfo w = workers.get(0);
        assertEquals("w1", w.id());
        assertEquals("h1", w.host());
        assertEquals(42, w.pid());
        assertEquals(List.of("default", "mail"), w.queues());
        assertEquals(8, w.concurrency());
        assertEquals(2, w.busy());
        assertEquals(1234, w.lastHeartbeat().toEpochMilli());
    }

    @Test
    void countsFlushedByHeartbeatsAddUpInTheTotalsAndTheMinuteHistory() {
        long now = RedisRunStore.redisTimeMs(f.redis);
        long minute = now - now % 60_000;
        JobCounters a = new JobCounters();
        JobCounters b = new JobCounters();
        a.finished(false, now);
        a.finished(true, now);
        b.finished(false, now);
        b.finished(false, minute - 60_000);
        RedisStats.add(f.scripts, a.drain());
        RedisStats.add(f.scripts, b.drain());

        SidelineAdmin.JobStats stats = admin.stats();

        assertEquals(4, stats.processed());
        assertEquals(1, stats.failed());
        assertEquals(List.of(new SidelineAdmin.MinuteCount(java.time.Instant.ofEpochMilli(minute - 60_000), 1, 0),
                new SidelineAdmin.MinuteCount(java.time.Instant.ofEpochMilli(minute), 3, 1)), stats.history());
        assertTrue(a.drain().isEmpty(), "a drained count is flushed once");
        assertTrue(f.redis.ttl(f.keys.statsHour(minute - minute % 3_600_000)) > 0, "the history expires");
    }
}
