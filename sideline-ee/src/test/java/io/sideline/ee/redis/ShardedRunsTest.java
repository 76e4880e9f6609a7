package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.runtime.Normalizer;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.Planner;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.testing.SingleNodeCluster;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Step one of sharded runs (issue 14): on a cluster a run's id names its shard and every key its start writes carries
 * that shard's hash tag, in one slot; on one Redis nothing changes (a UUID, the untagged keys).
 */
class ShardedRunsTest {

    private static final int SHARDS = 4;
    private static SingleNodeCluster cluster;
    private static UnifiedJedis clusterRedis;

    private final Planner planner = new Planner(new WorkflowJson()::format, new ArgsJson(), new PayloadCodec(),
            "default", System::currentTimeMillis, 1024 * 1024);

    @BeforeAll
    static void startCluster() {
        cluster = SingleNodeCluster.start();
        clusterRedis = RedisConnector.connect(config(cluster.url()));
    }

    @AfterAll
    static void stopCluster() {
        clusterRedis.close();
        cluster.close();
    }

    private static SidelineConfig config(String url) {
        return SidelineConfig.read(Map.of(SidelineConfig.Keys.REDIS_URL, url,
                SidelineConfig.Keys.REDIS_SHARDS, Integer.toString(SHARDS))::get);
    }

    /** A chain of three, then a group of five, then a job: barriers, chains, a graph and two queues. */
    private static Step workflow() {
        return Chain.of(Job.named("A"), Job.named("B").onQueue("mail"), Job.named("C"),
                Group.of(Job.named("G1"), Job.named("G2"), Job.named("G3"), Job.named("G4"), Job.named("G5")),
                Job.named("Z"));
    }

    private Plan plan(String runId) {
        return planner.planRun(runId, Normalizer.normalize(workflow()).orElseThrow());
    }

    @Test
    void onOneRedisARunIdIsAUuidAndItsStartWritesOnlyTheUntaggedKeys() {
        String prefix = TestRedis.uniquePrefix();
        SidelineConfig config = SidelineConfig.read(Map.of(SidelineConfig.Keys.REDIS_URL, TestRedis.url(),
                SidelineConfig.Keys.KEY_PREFIX, prefix, SidelineConfig.Keys.REDIS_SHARDS, "8")::get);
        try (RedisClient redis = RedisClient.create(URI.create(TestRedis.url()))) {
            RedisScripts scripts = new RedisScripts(redis, new RedisKeys(prefix));
            Shards shards = Shards.of(config, redis, scripts);
            assertFalse(shards.sharded());
            assertEquals(1, shards.count(), "one Redis is one shard, whatever sideline.redis.shards says");
            RedisRunStore runs = new RedisRunStore(redis, shards, config);
            String runId = runs.newRunId(null);
            assertEquals(runId, UUID.fromString(runId).toString(), "the run id is a plain UUID, as ever");
            String keyed = runs.newRunId("order-1");
            assertEquals(keyed, UUID.fromString(keyed).toString(), "a keyed run's id is a UUID too");

            runs.launch(runId, plan(runId), 9, Map.of());

            Set<String> written = new HashSet<>(redis.keys(prefix + "*"));
            assertTrue(written.contains(prefix + "run:" + runId), written.toString());
            assertTrue(written.contains(prefix + "queue:default"), "the Sidekiq-format queue: " + written);
            assertTrue(written.stream().noneMatch(k -> k.contains("{")), "no key is tagged: " + written);
            assertEquals(RunState.RUNNING, runs.status(runId).orElseThrow().state());
            redis.keys(prefix + "*").forEach(redis::del);
        }
    }

    @Test
    void onAClusterARunIdNamesItsShardAndEveryKeyItsStartWritesCarriesThatShardsTagInOneSlot() {
        String prefix = TestRedis.uniquePrefix();
        RedisKeys base = new RedisKeys(prefix);
        Shards shards = Shards.tagged(clusterRedis, base, SHARDS);
        RedisRunStore runs = new RedisRunStore(clusterRedis, shards, config(cluster.url()));

        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String runId = runs.newRunId(null);
            int shard = Shards.shardIn(runId);
            assertTrue(shard >= 0 && shard < SHARDS, runId);
            assertEquals("s" + shard + "-", runId.substring(0, runId.indexOf('-') + 1));
            used.add(shard);
        }
        assertEquals(SHARDS, used.size(), "40 runs without a key spread over all 4 shards: " + used);

        String runId = runs.newRunId(null);
        int shard = Shards.shardIn(runId);
        // a chain, a group, two queues, a graph and a seeded memory: a script that touched two slots would fail
        runs.launch(runId, plan(runId), 9, Map.of("doc", "\"d-1\""));

        RedisKeys tagged = base.tagged(Integer.toString(shard));
        assertEquals(RunState.RUNNING, runs.status(runId).orElseThrow().state());
        assertEquals("RUNNING", clusterRedis.hget(tagged.run(runId), "state"));
        assertEquals(1, clusterRedis.llen(tagged.queue("default")), "A waits in its shard's queue");
        assertEquals("\"d-1\"", clusterRedis.hget(tagged.memory(runId), "doc"));
        assertTrue(clusterRedis.zscore(tagged.running(), runId) != null, "indexed as running in its shard");
        assertEquals(0, clusterRedis.llen(base.queue("default")), "nothing in the untagged queue");
        assertFalse(runs.status("s" + shard + "-" + UUID.randomUUID()).isPresent());
        assertFalse(runs.status(UUID.randomUUID().toString()).isPresent(), "an id naming no shard is no run");
        assertFalse(runs.status("s" + SHARDS + "-" + UUID.randomUUID()).isPresent(), "nor one beyond the shards");

        // the same start with the untagged keys of one Redis: the cluster refuses it (this is what the shards fix)
        RedisRunStore untagged = new RedisRunStore(clusterRedis, Shards.single(new RedisScripts(clusterRedis, base)),
                config(cluster.url()));
        String plainId = UUID.randomUUID().toString();
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> untagged.launch(plainId, plan(plainId), 9, Map.of()));
        assertTrue(String.valueOf(refused.getMessage()).toLowerCase().contains("slot"), refused.toString());
    }

    @Test
    void onAClusterAKeyedRunTakesItsKeysShardSoARepeatedStartMeetsTheRecordAndABulkStartSplitsByShard() {
        String prefix = TestRedis.uniquePrefix();
        Shards shards = Shards.tagged(clusterRedis, new RedisKeys(prefix), SHARDS);
        RedisRunStore runs = new RedisRunStore(clusterRedis, shards, config(cluster.url()));

        String first = runs.newRunId("order-42");
        String second = runs.newRunId("order-42");
        assertEquals(Shards.shardIn(first), Shards.shardIn(second), "one key, one shard");
        assertEquals(Math.floorMod("order-42".hashCode(), SHARDS), Shards.shardIn(first));
        RunStore.Once once = RunStore.Once.of("order-42", "{\"w\":1}");
        assertEquals(first, runs.launch(first, plan(first), 9, Map.of(), once));
        assertEquals(first, runs.launch(second, plan(second), 9, Map.of(), once), "the key's record holds the first run");
        assertFalse(runs.status(second).isPresent(), "the repeated start wrote nothing");

        List<RunStore.Launch> launches = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String runId = runs.newRunId(null);
            launches.add(new RunStore.Launch(runId, plan(runId), 9));
        }
        launches.add(new RunStore.Launch(second, plan(second), 9, once));
        List<String> holders = runs.launchAllOnce(launches);

        assertEquals(13, holders.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(launches.get(i).runId(), holders.get(i), "each holder in the caller's order");
            assertEquals(RunState.RUNNING, runs.status(holders.get(i)).orElseThrow().state());
        }
        assertEquals(first, holders.get(12), "the keyed run in a bulk start meets the record too");
    }
}
