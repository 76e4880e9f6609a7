package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.SidelineAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run in flight when its servers are upgraded completes on the new version: its state is written here by hand,
 * key by key and field by field, exactly as the previous release (before the scripts declared their KEYS) stored
 * it (the README's keyspace table), and a server of this version picks it up.
 */
class UpgradeTest {

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aChainStartedByThePreviousReleaseCompletesOnThisOne() {
        engine = TestEngine.start(Map.of());
        String p = engine.prefix;
        String run = "run-upgraded";
        long now = System.currentTimeMillis();
        try (RedisClient redis = engine.redis()) {
            // chain(A, B, C, D) after its launch: A queued; B, C, D stored once as the chain's steps after the first
            runningWithRoot(redis, p, run, 4, now);
            redis.hset(p + "barrier:c0", Map.of("count", "1", "propagate", "0", "continuation", "@chain:ch1:0:3",
                    "root", "0", "run", run));
            redis.rpush(p + "chain:ch1", "{\"job\":\"Rec\",\"args\":[\"B\"]}", "{\"job\":\"Rec\",\"args\":[\"C\"]}",
                    "{\"job\":\"Rec\",\"args\":[\"D\"]}");
            for (String key : List.of(p + "run:" + run, p + "barrier:root", p + "barrier:c0", p + "chain:ch1")) {
                redis.expire(key, 3_600);
            }
            redis.sadd(p + "queues", "default");
            redis.lpush(p + "queue:default", "{\"class\":\"Rec\",\"args\":[\"A\"],\"jid\":\"a00000000000000000000001\","
                    + "\"queue\":\"default\",\"created_at\":" + now + ",\"enqueued_at\":" + now + ",\"retry\":true,"
                    + "\"retry_count\":0,\"sideline_run_id\":\"" + run + "\",\"sideline_callbacks\":[\"root\",\"c0\"]}");
        }

        Await.until("the upgraded run succeeds", Duration.ofSeconds(30),
                () -> engine.workflows().status(run).orElseThrow().state() == RunState.SUCCEEDED);

        assertEquals(List.of("A", "B", "C", "D"), engine.log().of(run).stream().map(ExecutionLog.Entry::label).toList());
        assertEquals(4, engine.workflows().status(run).orElseThrow().jobsDone());
        try (RedisClient redis = engine.redis()) {
            // the keys this version wrote for it carried the lease; once it ended the collector turned them down
            Await.until("the collector has looked at the upgraded run", Duration.ofSeconds(10),
                    () -> redis.zscore(p + "gc", run) == null);
            assertTrue(redis.ttl(p + "run:" + run) <= engine.config.ttls().run(), "its hash is kept sideline.run.ttl");
            for (String entry : redis.smembers(p + "runkeys:" + run)) {
                String key = p + (entry.startsWith("c:") ? "chain:" : "barrier:") + entry.substring(2);
                assertTrue(redis.ttl(key) <= engine.config.ttls().barrier(), key + " is kept sideline.barrier.ttl");
            }
            assertTrue(redis.ttl(p + "barrier:c0") <= 3_600, "a key the previous release wrote keeps its own TTL");
        }
    }

    /**
     * A RUNNING run's hash, its entry in the index of running runs and its root barrier, as the previous release wrote
     * them.
     */
    private static void runningWithRoot(RedisClient redis, String p, String run, int jobs, long now) {
        redis.hset(p + "run:" + run, Map.of("state", "RUNNING", "jobs_total", Integer.toString(jobs), "jobs_done", "0",
                "jobs_failed", "0", "started_at", Long.toString(now), "progress_at", Long.toString(now)));
        redis.zadd(p + "running", now, run);
        redis.hset(p + "barrier:root", Map.of("count", "1", "propagate", "0", "continuation", "", "root", "1",
                "run", run));
    }

    /**
     * chain(group(A, B), C) in flight as releases before 2026-12-06 (session 17) planned it: the group's barrier of two
     * propagating into a chain barrier of one that holds C. This release plans one barrier there (the group's, holding C
     * itself); a run planned the old way still runs C once, after both members.
     */
    @Test
    void aGroupUnderAChainBarrierOfOneAsThePreviousReleasePlannedItCompletesOnThisOne() {
        engine = TestEngine.start(Map.of());
        String p = engine.prefix;
        String run = "run-upgraded-group";
        long now = System.currentTimeMillis();
        try (RedisClient redis = engine.redis()) {
            runningWithRoot(redis, p, run, 3, now);
            redis.hset(p + "barrier:c0", Map.of("count", "1", "propagate", "0",
                    "continuation", "{\"job\":\"Rec\",\"args\":[\"C\"]}", "root", "0", "run", run));
            redis.hset(p + "barrier:g0", Map.of("count", "2", "propagate", "1", "continuation", "", "root", "0",
                    "run", run));
            redis.sadd(p + "runkeys:" + run, "o:root", "o:c0", "b:g0");
            for (String key : List.of(p + "run:" + run, p + "barrier:root", p + "barrier:c0", p + "barrier:g0",
                    p + "runkeys:" + run)) {
                redis.expire(key, 3_600);
            }
            redis.sadd(p + "queues", "default");
            for (String member : List.of("A", "B")) {
                redis.lpush(p + "queue:default", "{\"class\":\"Rec\",\"args\":[\"" + member + "\"],"
                        + "\"jid\":\"g0000000000000000000000" + member + "\",\"queue\":\"default\","
                        + "\"created_at\":" + now + ",\"enqueued_at\":" + now
                        + ",\"retry\":true,\"retry_count\":0,\"sideline_run_id\":\"" + run
                        + "\",\"sideline_callbacks\":[\"root\",\"c0\",\"g0\"]}");
            }
        }

        Await.until("the upgraded run succeeds", Duration.ofSeconds(30),
                () -> engine.workflows().status(run).orElseThrow().state() == RunState.SUCCEEDED);

        List<String> ran = engine.log().of(run).stream().map(ExecutionLog.Entry::label).toList();
        assertEquals(3, ran.size(), "each job once: " + ran);
        assertEquals("C", ran.get(2), "C after both members: " + ran);
        assertEquals(3, engine.workflows().status(run).orElseThrow().jobsDone());
    }

    /**
     * A one-job run in flight as the previous release (main ce47a3d) stored it: the one entry of its key index in its
     * hash ('x'), its tree and node in P nodes:<runId>. This release writes its later node into the run's hash
     * (2026-12-05 session 11), and the graph still shows its tree, with the node as this release left it.
     */
    @Test
    void aOneJobRunStartedByThePreviousReleaseCompletesAndShowsItsGraph() {
        engine = TestEngine.start(Map.of());
        String p = engine.prefix;
        String run = "run-one-upgraded";
        String jid = "a00000000000000000000002";
        long now = System.currentTimeMillis();
        try (RedisClient redis = engine.redis()) {
            redis.hset(p + "run:" + run, Map.of("state", "RUNNING", "jobs_total", "1", "jobs_done", "0",
                    "jobs_failed", "0", "started_at", Long.toString(now), "progress_at", Long.toString(now),
                    "queues", "default", "x", "o:root1"));
            redis.zadd(p + "running", now, run);
            redis.zadd(p + "runs:RUNNING", now, run);
            redis.hset(p + "barrier:root1", Map.of("count", "1", "propagate", "0", "continuation", "", "root", "1",
                    "run", run));
            redis.hset(p + "nodes:" + run, Map.of("graph", "{\"job\":\"Rec\",\"args\":[\"A\"]}", "0", "queued:" + jid));
            for (String key : List.of(p + "run:" + run, p + "barrier:root1", p + "nodes:" + run)) {
                redis.expire(key, 3_600);
            }
            redis.sadd(p + "queues", "default");
            redis.lpush(p + "queue:default", "{\"class\":\"Rec\",\"args\":[\"A\"],\"jid\":\"" + jid + "\","
                    + "\"queue\":\"default\",\"created_at\":" + now + ",\"enqueued_at\":" + now + ",\"retry\":true,"
                    + "\"retry_count\":0,\"sideline_run_id\":\"" + run + "\",\"sideline_callbacks\":[\"root1\"],"
                    + "\"sideline_node\":0}");
        }

        Await.until("the upgraded one-job run succeeds", Duration.ofSeconds(30),
                () -> engine.workflows().status(run).orElseThrow().state() == RunState.SUCCEEDED);

        String graph = engine.bean(SidelineAdmin.class).graph(run).orElseThrow();
        assertTrue(graph.contains("\"args\":[\"A\"]"), "its tree, from P nodes:<runId>: " + graph);
        assertTrue(graph.contains("\"state\":\"succeeded\",\"jid\":\"" + jid + "\""), graph);
    }

    /**
     * During a rolling upgrade a server of the previous release may end a one-job run this release launched: it writes
     * the node (and its error) into P nodes:<runId>, where the run's hash still says queued. The node that fits the
     * run's state wins (OneJobNode), so the graph shows the job dead with its error.
     */
    @Test
    void aOneJobRunThisReleaseLaunchedShowsTheDeathAnOlderServerRecorded() {
        engine = TestEngine.start(Map.of());
        String p = engine.prefix;
        String run = engine.workflows().run(io.sideline.ee.Sideline.job(Rec.class, "A"));
        Await.until("the one-job run ends", Duration.ofSeconds(30),
                () -> engine.workflows().status(run).orElseThrow().state() == RunState.SUCCEEDED);
        try (RedisClient redis = engine.redis()) {
            String node = redis.hget(p + "run:" + run, "0");
            assertTrue(node.startsWith("succeeded:"), "this release keeps the node in the run's hash: " + node);
            String jid = node.substring(node.indexOf(':') + 1);
            // its hash as the launch left it (the node queued), and the death of its job as an older server records it
            redis.hset(p + "run:" + run, Map.of("state", "FAILED", "jobs_failed", "1", "0", "queued:" + jid));
            redis.hset(p + "nodes:" + run, Map.of("0", "dead:" + jid, "e:" + jid,
                    "{\"error_class\":\"java.io.IOException\",\"error_message\":\"gone\",\"retry_count\":3}"));
        }

        String graph = engine.bean(SidelineAdmin.class).graph(run).orElseThrow();
        assertTrue(graph.contains("\"state\":\"dead\""), graph);
        assertTrue(graph.contains("\"error_message\":\"gone\""), graph);
    }
}
