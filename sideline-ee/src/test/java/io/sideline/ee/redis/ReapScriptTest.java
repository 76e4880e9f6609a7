package io.sideline.ee.redis;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.args.ListDirection;

import java.io.StringReader;
import java.util.List;
import java.util.Set;

import static io.sideline.ee.redis.ScriptFixture.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reap.lua: the jobs of a worker whose heartbeat expired go back to their queues, on a real Redis. */
class ReapScriptTest {

    private static final String DEAD_WORKER = "worker-dead";

    final ScriptFixture f = fixture();

    /** The fixture the tests run on: one Redis here, a cluster in a subclass. */
    ScriptFixture fixture() {
        return new ScriptFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** Fetches the next job of a queue into a worker's in-progress list, exactly as RedisJobQueue does. */
    private String fetch(String queue, String worker) {
        return f.redis.lmove(f.keys.queue(queue), f.keys.inProgress(worker), ListDirection.RIGHT, ListDirection.LEFT);
    }

    private void enqueue(String queue, String payload) {
        f.redis.sadd(f.keys.queues(), queue);
        f.redis.lpush(f.keys.queue(queue), payload);
    }

    @Test
    void aWorkerWithAHeartbeatIsLeftAlone() {
        enqueue("default", payload("jA", "default"));
        fetch("default", DEAD_WORKER);
        f.redis.sadd(f.keys.processes(), DEAD_WORKER);
        f.redis.set(f.keys.process(DEAD_WORKER), "alive");

        assertTrue(reap(0, 0).alive());

        assertEquals(List.of(payload("jA", "default")), f.redis.lrange(f.keys.inProgress(DEAD_WORKER), 0, -1));
        assertEquals(0, f.redis.llen(f.keys.queue("default")));
        assertTrue(f.redis.sismember(f.keys.processes(), DEAD_WORKER));
    }

    @Test
    void aDeadWorkersJobsGoBackToTheFetchingEndOfTheirQueuesAndTheWorkerIsForgotten() {
        enqueue("default", payload("jA", "default"));
        enqueue("critical", payload("jC", "critical"));
        fetch("default", DEAD_WORKER);
        fetch("critical", DEAD_WORKER);
        enqueue("default", payload("jLater", "default")); // enqueued while the worker was dying
        f.redis.sadd(f.keys.processes(), DEAD_WORKER, "worker-other");
        f.redis.srem(f.keys.queues(), "critical"); // the queue set lost the name: reap restores it

        assertEquals(2, reap());

        assertEquals(payload("jA", "default"), f.redis.rpop(f.keys.queue("default")), "the recovered job runs next");
        assertEquals(payload("jLater", "default"), f.redis.rpop(f.keys.queue("default")));
        assertEquals(List.of(payload("jC", "critical")), f.redis.lrange(f.keys.queue("critical"), 0, -1));
        assertEquals(Set.of("default", "critical"), f.redis.smembers(f.keys.queues()));
        assertFalse(f.redis.exists(f.keys.inProgress(DEAD_WORKER)));
        assertEquals(Set.of("worker-other"), f.redis.smembers(f.keys.processes()));
        assertEquals(0, f.redis.zcard(f.keys.dead()));
    }

    @Test
    void aDeadWorkerWithNothingInProgressIsForgotten() {
        f.redis.sadd(f.keys.processes(), DEAD_WORKER);

        assertEquals(0, reap());

        assertFalse(f.redis.sismember(f.keys.processes(), DEAD_WORKER));
    }

    @Test
    void reapingTwiceRequeuesOnce() {
        enqueue("default", payload("jA", "default"));
        fetch("default", DEAD_WORKER);

        assertEquals(1, reap());
        assertEquals(0, reap());

        assertEquals(1, f.redis.llen(f.keys.queue("default")));
    }

    @Test
    void anUnparseableInProgressEntryGoesToTheDeadSet() {
        enqueue("default", payload("jA", "default"));
        fetch("default", DEAD_WORKER);
        f.redis.lpush(f.keys.inProgress(DEAD_WORKER), "{not json");
        f.redis.lpush(f.keys.inProgress(DEAD_WORKER), "{\"class\":\"T\",\"jid\":\"no-queue\"}");
        f.redis.sadd(f.keys.processes(), DEAD_WORKER);

        reap();

        assertEquals(List.of(payload("jA", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1));
        List<String> dead = f.redis.zrange(f.keys.dead(), 0, -1);
        assertEquals(2, dead.size());
        for (String entry : dead) {
            try (JsonReader reader = Json.createReader(new StringReader(entry))) {
                JsonObject o = reader.readObject();
                assertEquals("MalformedPayload", o.getString("error_class"));
                assertTrue(o.getString("error_message").contains(DEAD_WORKER), entry);
                assertTrue(Set.of("{not json", "{\"class\":\"T\",\"jid\":\"no-queue\"}").contains(o.getString("raw")), entry);
            }
        }
        assertFalse(f.redis.exists(f.keys.inProgress(DEAD_WORKER)));
        assertFalse(f.redis.sismember(f.keys.processes(), DEAD_WORKER));
    }

    @Test
    void everyRecoveredJobIsFetchedBeforeJobsEnqueuedAfterIt() {
        for (String jid : List.of("j1", "j2", "j3")) {
            enqueue("default", payload(jid, "default"));
        }
        List<String> fetched = List.of(fetch("default", DEAD_WORKER), fetch("default", DEAD_WORKER),
                fetch("default", DEAD_WORKER));
        enqueue("default", payload("jLater", "default"));

        assertEquals(3, reap());

        // Recovered jobs come back in the order they were first fetched, ahead of later jobs.
        List<String> first = List.of(f.redis.rpop(f.keys.queue("default")), f.redis.rpop(f.keys.queue("default")),
                f.redis.rpop(f.keys.queue("default")));
        assertEquals(fetched, first);
        assertEquals(payload("jLater", "default"), f.redis.rpop(f.keys.queue("default")));
        assertNull(f.redis.rpop(f.keys.queue("default")));
    }

    private long reap() {
        return reap(0, 0).requeued();
    }

    private ScriptReplies.Reaped reap(long suspectSpacingMs, long forgetAfterMs) {
        return f.scripts.reap(DEAD_WORKER, new ScriptArgs.ReapPolicy(3, ScriptFixture.RUN_TTL, suspectSpacingMs, forgetAfterMs));
    }

    @Test
    void aJobThatLosesItsWorkerMoreThanTheAllowedTimesIsAPoisonPillAndGoesToTheDeadSet() {
        f.launch("run-1", ScriptFixture.plan(List.of(ScriptFixture.barrier("root", 1, false, "", true)), List.of()), 1);
        String pill = "{\"class\":\"Crash\",\"args\":[12345678901234567890],\"jid\":\"jP\",\"queue\":\"default\","
                + "\"sideline_run_id\":\"run-1\"}";
        enqueue("default", pill);
        for (int recovery = 1; recovery <= 3; recovery++) {
            fetch("default", DEAD_WORKER);
            assertEquals(1, reap(), "recovery " + recovery + " requeues");
        }
        fetch("default", DEAD_WORKER);

        ScriptReplies.Reaped result = reap(0, 0);

        assertEquals(0, result.requeued());
        assertEquals(1, result.buried());
        assertEquals(0, f.redis.llen(f.keys.queue("default")));
        String entry = f.redis.zrange(f.keys.dead(), 0, -1).get(0);
        assertTrue(entry.startsWith("{\"error_class\":\"WorkerLost\",\"error_message\":\"worker lost 4 times"),
                "the reason comes first, the payload last: " + entry);
        try (JsonReader reader = Json.createReader(new StringReader(entry))) {
            JsonObject dead = reader.readObject();
            assertEquals("WorkerLost", dead.getString("error_class"));
            assertTrue(dead.getString("error_message").startsWith("worker lost 4 times"), dead.toString());
            assertEquals(pill, dead.getString("raw"), "the payload is kept verbatim (big numbers intact)");
            assertEquals("jP", dead.getString("jid"));
        }
        assertEquals("FAILED", f.redis.hget(f.keys.run("run-1"), "state"));
    }

    @Test
    void theSuspectsOfOneCrashAreSpacedApartSoThatABystanderStopsDyingBesideThePill() {
        String pill = "{\"class\":\"Crash\",\"args\":[],\"jid\":\"jP\",\"queue\":\"default\"}";
        String bystander = "{\"class\":\"Work\",\"args\":[],\"jid\":\"jB\",\"queue\":\"default\"}";
        String fresh = "{\"class\":\"Work\",\"args\":[],\"jid\":\"jF\",\"queue\":\"default\"}";
        // pill and bystander already died together once; the fresh job is lost for the first time
        f.redis.set(f.keys.lost("jP"), "1");
        f.redis.set(f.keys.lost("jB"), "1");
        for (String payload : List.of(pill, bystander, fresh)) {
            enqueue("default", payload);
            fetch("default", DEAD_WORKER);
        }
        long redisNowMs = (Long) f.redis.eval("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)");

        ScriptReplies.Reaped result = reap(4_000, 0);

        assertEquals(3, result.requeued(), "all three recovered");
        List<String> queued = f.redis.lrange(f.keys.queue("default"), 0, -1);
        List<String> scheduled = f.redis.zrange(f.keys.schedule(), 0, -1);
        assertTrue(queued.contains(fresh), "a job lost once goes straight back: " + queued);
        assertEquals(1, queued.stream().filter(p -> p.equals(pill) || p.equals(bystander)).count(),
                "one suspect goes straight back: " + queued);
        assertEquals(1, scheduled.size(), "the other waits: " + scheduled);
        double due = f.redis.zscore(f.keys.schedule(), scheduled.get(0));
        assertTrue(due >= redisNowMs + 4_000 && due < redisNowMs + 5_000, "one spacing later: " + (due - redisNowMs));
    }

    @Test
    void aWorkerReapedWhileItWasOnlyFrozenStaysKnownSoThatWhatItFetchesNextIsReapedToo() {
        f.redis.sadd(f.keys.processes(), DEAD_WORKER);
        enqueue("default", payload("jA", "default"));
        fetch("default", DEAD_WORKER);
        assertEquals(1, reap(0, 60_000).requeued());
        assertTrue(f.redis.sismember(f.keys.processes(), DEAD_WORKER), "still known after its jobs were requeued");

        // it was only frozen: it fetches again, then dies for good before its next heartbeat
        fetch("default", DEAD_WORKER);
        assertEquals(1, reap(0, 60_000).requeued(), "its new job is reaped too");
        assertEquals(List.of(payload("jA", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1));
    }

    @Test
    void aDeadWorkerIsForgottenOnceItsListStayedEmptyLongEnough() {
        f.redis.sadd(f.keys.processes(), DEAD_WORKER);
        assertEquals(0, reap(0, 60_000).requeued());
        assertTrue(f.redis.sismember(f.keys.processes(), DEAD_WORKER), "first found empty: still known");

        f.redis.set(f.keys.deadSince(DEAD_WORKER), "1"); // as if found empty long ago
        reap(0, 60_000);

        assertFalse(f.redis.sismember(f.keys.processes(), DEAD_WORKER), "forgotten");
        assertFalse(f.redis.exists(f.keys.deadSince(DEAD_WORKER)));
    }

    @Test
    void aWorkerThatIsAliveAgainLosesItsDeadMark() {
        f.redis.set(f.keys.deadSince(DEAD_WORKER), "1");
        f.redis.set(f.keys.process(DEAD_WORKER), "{}");

        assertTrue(reap(0, 60_000).alive());

        assertFalse(f.redis.exists(f.keys.deadSince(DEAD_WORKER)));
    }

    @Test
    void aJobWhoseNamesAreNotUtf8IsBuriedNotLeftWaitingForADeclarationThatCannotCome() {
        enqueue("default", payload("jA", "default"));
        fetch("default", DEAD_WORKER);
        byte[] head = "{\"class\":\"T\",\"queue\":\"default\",\"jid\":\"j".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(head, head.length + 3);
        bad[head.length] = (byte) 0xc3; // a truncated UTF-8 sequence: Java could not name its lost counter
        bad[head.length + 1] = '"';
        bad[head.length + 2] = '}';
        f.redis.lpush(f.keys.inProgress(DEAD_WORKER).getBytes(java.nio.charset.StandardCharsets.UTF_8), bad);
        f.redis.sadd(f.keys.processes(), DEAD_WORKER);

        ScriptReplies.Reaped result = reap(0, 0);

        assertEquals(new ScriptReplies.Reaped(false, 1, 1), result);
        assertEquals(List.of(payload("jA", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1));
        assertTrue(f.redis.zrange(f.keys.dead(), 0, -1).get(0).contains("names that are not UTF-8"));
        assertFalse(f.redis.exists(f.keys.inProgress(DEAD_WORKER)));
    }
}
