package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.testing.SingleNodeCluster;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fetch on a cluster (issue 14): a queue is one list per shard, and the rotation takes jobs from every shard
 * fairly: a shard with one job waits at most about one round behind a busy shard, and a job pushed into an idle
 * shard while the worker waits is fetched in well under a second.
 */
class ShardRotationTest {

    private static final int SHARDS = 16;
    private static final String WORKER = "worker-r";
    private static SingleNodeCluster cluster;
    private static UnifiedJedis redis;

    @BeforeAll
    static void startCluster() {
        cluster = SingleNodeCluster.start();
        redis = RedisConnector.connect(config());
    }

    @AfterAll
    static void stopCluster() {
        redis.close();
        cluster.close();
    }

    private static SidelineConfig config() {
        return SidelineConfig.read(Map.of(SidelineConfig.Keys.REDIS_URL, cluster.url(),
                SidelineConfig.Keys.REDIS_SHARDS, Integer.toString(SHARDS))::get);
    }

    private static String job(String jid) {
        return ScriptFixture.payload(jid, "default");
    }

    @Test
    void aLoneJobInEachShardIsFetchedWithinOneRoundOfABusyShardsJobs() {
        Shards shards = Shards.tagged(redis, new RedisKeys(TestRedis.uniquePrefix()), SHARDS);
        RedisJobQueue queue = new RedisJobQueue(redis, shards, config());
        for (int i = 0; i < 500; i++) {
            redis.lpush(shards.keys(0).queue("default"), job("busy-" + i));
        }
        for (int s = 1; s < SHARDS; s++) {
            redis.lpush(shards.keys(s).queue("default"), job("lone-" + s));
        }

        Map<String, Integer> fetchedAt = new HashMap<>();
        for (int n = 0; n < 2 * SHARDS; n++) {
            String raw = queue.fetch("default", WORKER, Duration.ofMillis(100)).orElseThrow();
            fetchedAt.put(new io.sideline.ee.codec.PayloadCodec().decode(raw).jid(), n);
        }
        for (int s = 1; s < SHARDS; s++) {
            Integer at = fetchedAt.get("lone-" + s);
            assertTrue(at != null && at < 2 * SHARDS, "shard " + s + "'s job was fetched within two rounds: " + at);
        }
        assertEquals(2 * SHARDS, queue.inProgress(WORKER).size(), "each fetched job is in progress in its shard");
        for (int s = 1; s < SHARDS; s++) {
            assertEquals(List.of(job("lone-" + s)), redis.lrange(shards.keys(s).inProgress(WORKER), 0, -1));
        }
    }

    @Test
    void aJobArrivingInAnyShardWhileTheWorkerWaitsIsFetchedWellUnderASecond() throws Exception {
        Shards shards = Shards.tagged(redis, new RedisKeys(TestRedis.uniquePrefix()), SHARDS);
        RedisJobQueue queue = new RedisJobQueue(redis, shards, config());
        List<Long> waits = new ArrayList<>();
        for (int s : new int[] {13, 2, 7, 15, 0}) {
            long pushedAt = System.nanoTime();
            Thread pusher = new Thread(() -> redis.lpush(shards.keys(s).queue("default"), job("late-" + s)));
            pusher.start();
            Optional<String> fetched = Optional.empty();
            while (fetched.isEmpty() && System.nanoTime() - pushedAt < 5_000_000_000L) {
                fetched = queue.fetch("default", WORKER, Duration.ofMillis(1_000));
            }
            pusher.join();
            assertEquals(Optional.of(job("late-" + s)), fetched);
            waits.add((System.nanoTime() - pushedAt) / 1_000_000);
        }
        assertTrue(waits.stream().allMatch(ms -> ms < 1_000), "every job fetched within 1 s of its push: " + waits);
    }
}
