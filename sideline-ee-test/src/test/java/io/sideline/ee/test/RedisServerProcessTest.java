package io.sideline.ee.test;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RedisServerProcessTest {

    @Test
    void theEmbeddedBinaryServesRedisSixAndStopsByItsPid() {
        assertServesAndStops(SharedRedis.embeddedBinary(), "6.2.");
    }

    @Test
    void theRedisServerOnThePathServesAndStopsByItsPid() {
        var binary = RedisServerProcess.findOnPath();
        assumeTrue(binary.isPresent(), "no redis-server on the PATH");
        assertServesAndStops(binary.get(), "");
    }

    private static void assertServesAndStops(Path binary, String versionPrefix) {
        RedisServerProcess redis = RedisServerProcess.start(binary);
        long pid;
        try {
            pid = redis.pid();
            assertEquals("+PONG", RedisProbe.command(redis.url(), "PING"));
            String info = RedisProbe.command(redis.url(), "INFO server");
            assertTrue(info.contains("redis_version:" + versionPrefix), info);
            assertTrue(info.contains("process_id:" + pid), "the process we stop is the one that answers");
            assertEquals("", RedisProbe.configValue(redis.url(), "save"), "no dump.rdb");
            assertEquals("no", RedisProbe.configValue(redis.url(), "appendonly"));
        } finally {
            redis.close();
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "stopped");
        assertFalse(redis.alive());
    }
}
