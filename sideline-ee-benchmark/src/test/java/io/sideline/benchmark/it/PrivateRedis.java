package io.sideline.benchmark.it;

import io.sideline.ee.test.RedisServerProcess;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's own {@code redis-server} (the kit's {@link RedisServerProcess}, from the PATH) on a free loopback
 * port, nothing persisted, its log in the benchmark's work directory; stopped by its pid when the benchmark ends,
 * and by a shutdown hook should the test JVM end first. Adds what the benchmark reads from it.
 */
final class PrivateRedis implements AutoCloseable {

    private final RedisServerProcess server;
    private final Thread hook;

    private PrivateRedis(RedisServerProcess server) {
        this.server = server;
        this.hook = new Thread(server::close, "stop benchmark redis-server");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Empty when there is no {@code redis-server} on the PATH. */
    static Optional<PrivateRedis> start(Path workDir) {
        return RedisServerProcess.findOnPath()
                .map(binary -> new PrivateRedis(RedisServerProcess.builder(binary).dir(workDir).start()));
    }

    int port() {
        return server.port();
    }

    long pid() {
        return server.pid();
    }

    /** The URL of database {@code db}. */
    String url(int db) {
        return server.url() + "/" + db;
    }

    /** A new plain connection (the caller closes it). */
    Jedis connect() {
        return new Jedis("127.0.0.1", server.port(), 60_000);
    }

    /** One {@code INFO} section as field -> value. */
    Map<String, String> info(String section) {
        try (Jedis jedis = connect()) {
            Map<String, String> fields = new HashMap<>();
            for (String line : jedis.info(section).split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("#")) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
            return fields;
        }
    }

    @Override
    public void close() {
        server.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
