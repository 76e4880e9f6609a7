package io.sideline.sample.devredis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The state file is what a restarted server finds its Redis by: it must round-trip and tolerate damage. */
class DevRedisStateTest {

    @TempDir
    Path dir;

    @Test
    void whatIsWrittenIsReadBack() {
        RedisProcess redis = new RedisProcess("redis-server from PATH", "redis://127.0.0.1:1234", 4321, "abc123");
        new DevRedisState(dir).write(redis);

        assertEquals(Optional.of(redis), new DevRedisState(dir).read());
    }

    @Test
    void aMissingDeletedOrTornFileMeansNoRecordedRedis() throws Exception {
        DevRedisState state = new DevRedisState(dir);
        assertEquals(Optional.empty(), state.read());

        state.write(new RedisProcess("k", "redis://127.0.0.1:1", 1, "r"));
        state.delete();
        assertEquals(Optional.empty(), state.read());

        Files.writeString(dir.resolve(DevRedisState.FILE_NAME), "url=redis://127.0.0.1:1\npid=not-a-number\n");
        assertEquals(Optional.empty(), state.read());
    }
}
