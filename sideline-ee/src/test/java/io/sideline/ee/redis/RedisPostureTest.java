package io.sideline.ee.redis;

import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The startup check of the Redis configuration, against a real Redis. */
class RedisPostureTest {

    @Test
    void reportsAnEvictionPolicyAndMissingAofAndNothingOnceBothAreSound() {
        try (RedisClient redis = RedisClient.create(URI.create(TestRedis.url()))) {
            String policy = redis.configGet("maxmemory-policy").get("maxmemory-policy");
            String aof = redis.configGet("appendonly").get("appendonly");
            try {
                redis.configSet("maxmemory-policy", "allkeys-lru");
                redis.configSet("appendonly", "no");
                List<String> problems = RedisPosture.problems(redis);
                assertTrue(problems.stream().anyMatch(p -> p.contains("allkeys-lru")), problems.toString());
                assertTrue(problems.stream().anyMatch(p -> p.contains("appendonly is off")), problems.toString());

                redis.configSet("maxmemory-policy", "noeviction");
                redis.configSet("appendonly", "yes");
                assertTrue(RedisPosture.problems(redis).isEmpty(), RedisPosture.problems(redis).toString());
            } finally {
                redis.configSet("maxmemory-policy", policy);
                redis.configSet("appendonly", aof);
            }
        }
    }
}
