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

    @Test
    void anAppendOnlyServerKilledAndRestartedOnItsPortKeepsWhatItWrote(@org.junit.jupiter.api.io.TempDir Path dir) {
        var binary = RedisServerProcess.findOnPath();
        assumeTrue(binary.isPresent(), "no redis-server on the PATH");
        Path pidFile = dir.resolve("ci/redis.pid");
        try (RedisServerProcess redis = RedisServerProcess.builder(binary.get()).dir(dir.resolve("data")).appendOnly()
                .pidFile(pidFile).args("--maxmemory-policy", "noeviction").start()) {
            assertEquals("yes", RedisProbe.configValue(redis.url(), "appendonly"));
            assertEquals("noeviction", RedisProbe.configValue(redis.url(), "maxmemory-policy"));
            assertEquals("+OK", RedisProbe.command(redis.url(), "SET survivor 1"));
            // everysec: the AOF is written at once, fsynced within a second; a SIGKILL of the process keeps the page cache
            String url = redis.url();
            long first = redis.pid();
            redis.kill9();
            assertFalse(redis.alive());
            redis.restart();
            assertEquals(url, redis.url(), "the same port");
            assertTrue(redis.pid() != first, "a new process");
            assertEquals(Long.toString(redis.pid()), java.nio.file.Files.readString(pidFile), "the pid file follows");
            assertTrue(RedisProbe.command(redis.url(), "GET survivor").contains("1"), "reloaded from the AOF");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(java.nio.file.Files.exists(dir.resolve("data")), "a directory given by the caller is kept");
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
