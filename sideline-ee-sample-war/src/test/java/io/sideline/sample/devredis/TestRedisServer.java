package io.sideline.sample.devredis;

import java.nio.file.Path;

/** A private, throwaway redis-server for unit tests of the sample (the one from PATH, else the bundled binary). */
public final class TestRedisServer implements AutoCloseable {

    private final RedisProcess process;

    private TestRedisServer(RedisProcess process) {
        this.process = process;
    }

    /** Starts one that keeps its files in {@code dir}. */
    public static TestRedisServer start(Path dir) {
        Path binary = RedisServerLauncher.findOnPath().orElseGet(EmbeddedRedisBinary::extract);
        return new TestRedisServer(RedisServerLauncher.start(binary, "test", dir));
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return process.url();
    }

    @Override
    public void close() {
        process.stop();
    }
}
