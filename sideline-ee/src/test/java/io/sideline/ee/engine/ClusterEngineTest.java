package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.testing.SingleNodeCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine on a Redis Cluster (issue 14, step 2): runs spread over shards, each run's keys in its shard's slot,
 * fetched by the shard rotation, completed, delayed and remembered in one slot per script. The cluster (one node
 * with every slot) refuses any command or script whose keys span two slots, as a cluster of many nodes does.
 */
class ClusterEngineTest {

    private static final int SHARDS = 4;
    private static SingleNodeCluster cluster;
    private static TestEngine engine;

    @BeforeAll
    static void start() {
        cluster = SingleNodeCluster.start();
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.REDIS_URL, cluster.url(),
                SidelineConfig.Keys.REDIS_SHARDS, Integer.toString(SHARDS)));
    }

    @AfterAll
    static void stop() {
        engine.close();
        cluster.close();
    }

    private static RunStatus runToEnd(String runId) {
        return Await.value("run " + runId + " ends", Duration.ofSeconds(30),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    private static void assertSucceedsInOrder(Step workflow, String runId) {
        RunStatus status = runToEnd(runId);
        assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
        assertEquals(status.jobsTotal(), status.jobsDone());
        DagAssert.assertRespects(workflow, engine.log().of(runId));
    }

    private static Step rec(String label) {
        return job(Rec.class, label);
    }

    @Test
    void chainsGroupsAndDelaysCompleteInOrderInEveryShard() {
        Step chainOfThree = chain(rec("A"), rec("B"), rec("C"));
        Step groupThenJob = chain(group(rec("G1"), rec("G2"), rec("G3"), rec("G4"), rec("G5")), rec("Z"));
        Step delayed = chain(rec("D1"), withDelay(rec("D2"), 300));
        List<Step> workflows = new ArrayList<>();
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (Step workflow : List.of(chainOfThree, groupThenJob, delayed)) {
                workflows.add(workflow);
                runIds.add(engine.workflows().run(workflow));
            }
        }
        Set<String> shards = new HashSet<>();
        for (int i = 0; i < runIds.size(); i++) {
            assertSucceedsInOrder(workflows.get(i), runIds.get(i));
            shards.add(runIds.get(i).substring(0, runIds.get(i).indexOf('-')));
        }
        assertTrue(shards.size() > 1, "12 runs in more than one shard: " + shards);
        List<ExecutionLog.Entry> d = engine.log().of(runIds.get(2));
        long waited = d.get(1).startMs() - d.get(0).endMs();
        assertTrue(waited >= 300, "the delay held D2 back " + waited + " ms");
    }

    @Test
    void aRunsMemoryAndItsJobsOutputsLiveInItsShard() {
        String runId = engine.workflows().run(chain(job("Remember", Map.of("name", "Ada")), job("Greet"), job("Shout")));
        RunStatus status = runToEnd(runId);
        assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
        Map<String, Object> memory = engine.workflows().memory().readAll(runId);
        assertEquals("Hello, Ada", memory.get("message"));
        assertEquals("HELLO, ADA", memory.get("shout"));
        String shard = runId.substring(1, runId.indexOf('-'));
        try (RedisClient node = RedisClient.create(URI.create(cluster.nodeUrl()))) {
            assertEquals("HELLO, ADA".length() + 2, node.hget("sl:mem:{" + shard + "}:" + runId, "shout").length(),
                    "the memory hash carries the run's shard tag");
        }
    }

    @Test
    void plainJobsAreSpreadOverTheShardsAndRunAndNoKeyIsLeftUntagged() {
        Set<String> jids = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            jids.add(engine.workflows().enqueue(job(Rec.class, "P" + i)));
        }
        Await.until("the 8 plain jobs ran", Duration.ofSeconds(30),
                () -> engine.log().of(null).stream().filter(e -> e.label().startsWith("P")).count() == 8);
        Set<Character> shards = new HashSet<>();
        jids.forEach(jid -> shards.add(jid.charAt(2)));
        assertTrue(shards.size() > 1, "8 jobs in more than one shard: " + jids);
        try (RedisClient node = RedisClient.create(URI.create(cluster.nodeUrl()))) {
            Set<String> untagged = new HashSet<>();
            for (String key : node.keys(engine.prefix + "*")) {
                if (!key.startsWith(engine.prefix + "{")) {
                    untagged.add(key);
                }
            }
            assertTrue(untagged.isEmpty(), "every key is in a shard's slot: " + untagged);
        }
    }

    @Test
    void aRunOfAnotherShardThanTheFirstIsCancelledInItsShard() {
        String key = "order-0";
        for (int i = 1; Math.floorMod(key.hashCode(), SHARDS) != SHARDS - 1; i++) {
            key = "order-" + i;
        }
        Step workflow = chain(rec("X1"), withDelay(rec("X2"), 60_000));
        String runId = engine.workflows().start(workflow, io.sideline.ee.RunOptions.idempotencyKey(key)).runId();
        assertEquals("s" + (SHARDS - 1) + "-", runId.substring(0, runId.indexOf('-') + 1), "the key's shard");
        String schedule = engine.prefix + "{" + (SHARDS - 1) + "}:schedule";
        try (RedisClient node = RedisClient.create(URI.create(cluster.nodeUrl()))) {
            Await.until("X1 completed and scheduled X2 in the run's shard", Duration.ofSeconds(30),
                    () -> node.zcard(schedule) == 1);
        }

        io.sideline.ee.RunControl control = engine.bean(io.sideline.ee.RunControl.class);
        io.sideline.ee.ControlResult cancelled = control.cancel(runId);
        assertEquals(new io.sideline.ee.ControlResult(io.sideline.ee.ControlResult.Outcome.APPLIED, RunState.CANCELLED,
                1, ""), cancelled, "the scheduled X2 is parked in the run's shard");
        assertEquals(RunState.CANCELLED, engine.workflows().status(runId).orElseThrow().state());

        try (RedisClient node = RedisClient.create(URI.create(cluster.nodeUrl()))) {
            assertEquals(1, node.llen(engine.prefix + "{" + (SHARDS - 1) + "}:parked:" + runId),
                    "X2 waits in its run's shard for a retry");
            assertEquals(0, node.zcard(schedule));
        }
        assertEquals(io.sideline.ee.ControlResult.Outcome.NOT_FOUND,
                control.cancel(java.util.UUID.randomUUID().toString()).outcome(), "an id naming no shard is no run");
    }

    @Test
    void theAdminReadsQueuesTheDeadSetAndTheRunsIndexAcrossEveryShard() {
        io.sideline.ee.SidelineAdmin admin = engine.bean(io.sideline.ee.SidelineAdmin.class);
        // a queue no worker here serves: its 9 jobs wait, spread over the shards by their jids
        Set<Character> shardsOfJobs = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            shardsOfJobs.add(engine.workflows().enqueue(job(Rec.class, "W" + i).onQueue("elsewhere")).charAt(2));
        }
        assertTrue(shardsOfJobs.size() > 1, "9 jobs in more than one shard");
        io.sideline.ee.SidelineAdmin.QueueInfo elsewhere = admin.queues().stream()
                .filter(q -> q.name().equals("elsewhere")).findFirst().orElseThrow();
        assertEquals(9, elsewhere.size(), "the sizes of every shard's list, added up");

        // dead entries in every shard, one per second of time: pages of 3 walk them newest first, none twice
        try (RedisClient node = RedisClient.create(URI.create(cluster.nodeUrl()))) {
            for (int s = 0; s < SHARDS; s++) {
                for (int k = 0; k < 3; k++) {
                    long at = 1_700_000_000_000L + (k * SHARDS + s) * 1_000L;
                    node.zadd(engine.prefix + "{" + s + "}:dead", at, "{\"class\":\"T\",\"args\":[],\"jid\":\"d" + s + "-" + k
                            + "\",\"queue\":\"default\",\"error_class\":\"E\"}");
                }
            }
        }
        List<io.sideline.ee.SidelineAdmin.JobEntry> dead = new ArrayList<>();
        String cursor = null;
        do {
            io.sideline.ee.SidelineAdmin.Page<io.sideline.ee.SidelineAdmin.JobEntry> page =
                    admin.jobs(io.sideline.ee.SidelineAdmin.JobSet.DEAD, 5, cursor);
            dead.addAll(page.items());
            cursor = page.next();
        } while (cursor != null);
        assertEquals(3 * SHARDS, dead.size(), "every shard's dead jobs, each once: " + dead.stream().map(
                io.sideline.ee.SidelineAdmin.JobEntry::jid).toList());
        for (int i = 1; i < dead.size(); i++) {
            assertTrue(dead.get(i - 1).at().isAfter(dead.get(i).at()), "newest first at " + i);
        }

        // the runs index: pages of 4 over every shard's index, newest first, none twice
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            started.add(engine.workflows().run(rec("I" + i)));
        }
        started.forEach(ClusterEngineTest::runToEnd);
        List<RunStatus> listed = new ArrayList<>();
        cursor = null;
        do {
            io.sideline.ee.SidelineAdmin.Page<RunStatus> page = admin.runs(null, 4, cursor);
            listed.addAll(page.items());
            cursor = page.next();
        } while (cursor != null);
        List<String> ids = listed.stream().map(RunStatus::runId).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no run twice: " + ids);
        assertTrue(ids.containsAll(started), "every run started, whatever its shard: " + ids);
        for (int i = 1; i < listed.size(); i++) {
            assertFalse(listed.get(i - 1).startedAt().isBefore(listed.get(i).startedAt()), "newest first at " + i);
        }

        // the metrics' gauges add up every shard too
        io.sideline.ee.runtime.LiveGauges.Snapshot gauges = engine.bean(io.sideline.ee.redis.RedisBackend.class)
                .gauges().read(60_000);
        assertEquals(9, gauges.queues().stream().filter(q -> q.name().equals("elsewhere")).findFirst().orElseThrow()
                .size(), "the gauge of a queue adds up its shards");
        assertTrue(gauges.byState().get(RunState.SUCCEEDED) >= started.size(), gauges.toString());
    }
}
