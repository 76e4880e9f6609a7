package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why TTLs have an upper bound: Redis refuses an {@code EXPIRE} whose deadline overflows its clock, and inside a
 * script that error comes after the writes before it (a job acknowledged, its continuation never enqueued). The
 * bound {@link SidelineConfig#MAX_TTL_SECONDS} is accepted by Redis; the values it refuses are not.
 */
class TtlBoundTest {

    @Test
    void redisAcceptsTheLargestTtlAllowedAndRefusesOneThatTheConfigurationRefuses() {
        String key = TestRedis.uniquePrefix() + "ttl";
        try (RedisClient redis = RedisClient.create(URI.create(TestRedis.url()))) {
            redis.set(key, "x");

            assertEquals(1, redis.expire(key, SidelineConfig.MAX_TTL_SECONDS));
            assertTrue(redis.ttl(key) > SidelineConfig.MAX_TTL_SECONDS - 60);

            JedisDataException e = assertThrows(JedisDataException.class, () -> redis.expire(key, 9_223_372_036_854_775L));
            assertTrue(e.getMessage().contains("invalid expire time"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SidelineConfig.read(
                    k -> k.equals(SidelineConfig.Keys.BARRIER_TTL) ? "9223372036854775" : null));
            redis.del(key);
        }
    }
}
