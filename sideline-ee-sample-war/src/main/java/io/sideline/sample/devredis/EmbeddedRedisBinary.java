package io.sideline.sample.devredis;

import redis.embedded.core.ExecutableProvider;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The redis-server binary bundled in {@code com.github.codemonstur:embedded-redis} (Redis 6.2 for Linux,
 * macOS and Windows), for machines with neither Docker nor a redis-server. Only the binary is taken: it is
 * started like any other redis-server ({@link RedisServerLauncher}), so it writes no dump.rdb either.
 */
final class EmbeddedRedisBinary {

    private EmbeddedRedisBinary() {
    }

    static Path extract() {
        try {
            return ExecutableProvider.newJarResourceProvider().get().toPath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract the embedded redis-server", e);
        }
    }
}
