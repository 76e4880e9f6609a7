package io.sideline.sample.devredis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dev Redis fallbacks start a real, daemonised redis-server that persists nothing, and stop it. */
class RedisServerLauncherTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedBinaryRunsAsADaemonThatAnswersAndStops() {
        RedisProcess redis = RedisServerLauncher.start(EmbeddedRedisBinary.extract(), "embedded", dir);
        try {
            assertTrue(RedisProbe.isSameServer(redis), redis.toString());
            assertEquals(Long.toString(redis.pid()), RedisProbe.serverInfo(redis.url()).orElseThrow().get("process_id"));
        } finally {
            redis.stop();
        }
        awaitGone(redis);
        assertFalse(Files.exists(dir.resolve("dump.rdb")), "a dev Redis must not write dump.rdb");
    }

    @Test
    void redisServerFromThePathIsUsedWhenInstalled() {
        RedisServerLauncher.findOnPath().ifPresent(binary -> {
            RedisProcess redis = RedisServerLauncher.start(binary, "redis-server from PATH", dir);
            redis.stop();
            awaitGone(redis);
        });
    }

    @Test
    void anotherServerOnTheRecordedPortIsNotTakenForTheRecordedOne() {
        RedisProcess redis = RedisServerLauncher.start(EmbeddedRedisBinary.extract(), "embedded", dir);
        try {
            RedisProcess impostor = new RedisProcess(redis.kind(), redis.url(), redis.pid(), "another-run-id");
            assertFalse(RedisProbe.isSameServer(impostor));
        } finally {
            redis.stop();
        }
        awaitGone(redis);
    }

    private static void awaitGone(RedisProcess redis) {
        ProcessHandle.of(redis.pid()).ifPresent(p -> p.onExit().orTimeout(Duration.ofSeconds(10).toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS).join());
        assertFalse(RedisProbe.isSameServer(redis), "still answering after stop: " + redis);
    }
}
