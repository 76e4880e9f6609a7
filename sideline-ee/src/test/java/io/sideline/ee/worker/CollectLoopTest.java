package io.sideline.ee.worker;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.redis.RedisBackend;
import io.sideline.ee.redis.RedisKeys;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collector's pace on a real Redis: while runs finish it looks again soon (their keys are turned down while Redis
 * still has them in its caches), at once after a full batch, and an idle collector looks once per interval.
 */
class CollectLoopTest {

    private static final long INTERVAL_MS = 1_000;

    @Test
    void whileRunsFinishTheNextLookComesSoonAfterAFullBatchAtOnceAndWhenIdleAfterTheInterval() {
        String prefix = TestRedis.uniquePrefix();
        SidelineConfig config = SidelineConfig.read(Map.of(SidelineConfig.Keys.REDIS_URL, TestRedis.url(),
                SidelineConfig.Keys.KEY_PREFIX, prefix)::get);
        URI url = URI.create(TestRedis.url());
        RedisKeys keys = new RedisKeys(prefix);
        try (RedisBackend backend = RedisBackend.connect(config);
             RedisClient redis = RedisClient.builder().hostAndPort(url.getHost(), url.getPort()).build()) {
            CollectLoop collector = new CollectLoop(new StopSignal(), backend.runs(), INTERVAL_MS);

            finish(redis, keys, "run-a");
            assertEquals(CollectLoop.BUSY_INTERVAL_MS, collector.tick(), "runs are finishing: the next look soon");
            assertEquals(0, redis.zcard(keys.collector()), "the finished run was collected");
            assertTrue(redis.ttl(keys.run("run-a")) > 0, "its hash carries its retention");

            assertEquals(INTERVAL_MS, collector.tick(), "nothing finished since: the next look after the interval");

            for (int i = 0; i < CollectLoop.BATCH + 1; i++) {
                finish(redis, keys, "run-" + i);
            }
            assertEquals(0, collector.tick(), "a full batch: the next look at once");
            assertEquals(1, redis.zcard(keys.collector()), "one run left for the next look");
            assertEquals(CollectLoop.BUSY_INTERVAL_MS, collector.tick());
            assertEquals(0, redis.zcard(keys.collector()));
        }
    }

    /** A run that finished: its hash SUCCEEDED and its id in the collector's set, due since it finished. */
    private static void finish(RedisClient redis, RedisKeys keys, String runId) {
        redis.hset(keys.run(runId), "state", "SUCCEEDED");
        redis.zadd(keys.collector(), 1, runId);
    }
}
