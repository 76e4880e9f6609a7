package io.sideline.ee.test;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

@WithSidelineRedis
class SidelineRedisExtensionTest {

    private static final List<String> PREFIXES = new CopyOnWriteArrayList<>();
    private SidelineRedis beforeEach;

    @BeforeEach
    void remember(SidelineRedis redis) {
        beforeEach = redis;
    }

    @Test
    void aTestGetsARedisThatAnswers(SidelineRedis redis) {
        assertEquals("+PONG", RedisProbe.command(redis.url(), "PING"));
        assertSame(beforeEach, redis, "a test and its @BeforeEach share one prefix");
        PREFIXES.add(redis.keyPrefix());
    }

    @Test
    void theRedisIsFoundInTheDocumentedOrder(SidelineRedis redis) {
        String explicit = System.getenv(SharedRedis.URL_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            assertEquals(RedisSource.ENVIRONMENT, redis.source());
            assertEquals(explicit.trim(), redis.url());
        } else if (redis.source() != RedisSource.TESTCONTAINERS) {
            // no Docker here: redis-server from the PATH comes before the embedded binary
            assertEquals(RedisServerProcess.findOnPath().isPresent() ? RedisSource.REDIS_SERVER : RedisSource.EMBEDDED,
                    redis.source());
        }
        PREFIXES.add(redis.keyPrefix());
    }

    @AfterAll
    static void everyTestHadItsOwnPrefix() {
        assertEquals(2, PREFIXES.size());
        assertNotEquals(PREFIXES.get(0), PREFIXES.get(1));
    }
}
