package io.sideline.ee.redis;

import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The startup check of the Redis configuration, against a real Redis. */
class RedisPostureTest {

    @Test
    void reportsAnEvictionPolicyAndMissingAofAndNothingOnceBothAreSound() {
        try (RedisClient redis = RedisClient.create(URI.create(TestRedis.url()))) {
            String policy = configGet(redis, "maxmemory-policy");
            String aof = configGet(redis, "appendonly");
            try {
                configSet(redis, "maxmemory-policy", "allkeys-lru");
                configSet(redis, "appendonly", "no");
                List<String> problems = RedisPosture.problems(redis);
                assertTrue(problems.stream().anyMatch(p -> p.contains("allkeys-lru")), problems.toString());
                assertTrue(problems.stream().anyMatch(p -> p.contains("appendonly is off")), problems.toString());

                configSet(redis, "maxmemory-policy", "noeviction");
                configSet(redis, "appendonly", "yes");
                assertTrue(RedisPosture.problems(redis).isEmpty(), RedisPosture.problems(redis).toString());
            } finally {
                configSet(redis, "maxmemory-policy", policy);
                configSet(redis, "appendonly", aof);
            }
        }
    }

    private static String configGet(RedisClient redis, String name) {
        List<?> reply = (List<?>) redis.sendCommand(Protocol.Command.CONFIG, "GET", name);
        return new String((byte[]) reply.get(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void configSet(RedisClient redis, String name, String value) {
        redis.sendCommand(Protocol.Command.CONFIG, "SET", name, value);
    }
}
