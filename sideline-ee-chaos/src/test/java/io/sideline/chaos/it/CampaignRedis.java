package io.sideline.chaos.it;

import io.sideline.ee.test.RedisServerProcess;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The campaign's one private {@code redis-server} (the kit's {@link RedisServerProcess}, from the PATH), shared by
 * both Liberty servers: AOF on with {@code appendfsync everysec} (Redis's AOF default, what the README's guarantees
 * assume), {@code noeviction}, its files and pid file in the module's target directory. A child of this JVM; killed
 * by its pid at the end, by a shutdown hook, and by the POM's cleanup should this JVM die first. Scenario 4 kills it
 * with SIGKILL and starts it again on the same directory, so it reloads its AOF. Adds the driver's client.
 */
final class CampaignRedis implements AutoCloseable {

    /** Driver calls survive connection kills and a Redis restart by repeating for up to this long. */
    private static final long RETRY_FOR_MS = 90_000;

    private final RedisServerProcess server;
    private final RedisClient client;

    private CampaignRedis(RedisServerProcess server) {
        this.server = server;
        this.client = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", server.port()))
                .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(30_000).build()).build();
    }

    static CampaignRedis start(Path dir, int port) {
        return new CampaignRedis(RedisServerProcess.onPath().port(port).dir(dir).appendOnly()
                .pidFile(dir.resolve("redis.pid")).args("--maxmemory-policy", "noeviction").start());
    }

    String url() {
        return server.url();
    }

    int port() {
        return server.port();
    }

    long pid() {
        return server.pid();
    }

    /** Runs a command on the shared client, repeating it while connections are being killed or Redis restarts. */
    <T> T call(Function<RedisClient, T> command) {
        long deadline = System.currentTimeMillis() + RETRY_FOR_MS;
        while (true) {
            try {
                return command.apply(client);
            } catch (JedisException e) {
                if (System.currentTimeMillis() > deadline || e.getMessage() != null && e.getMessage().contains("WRONGTYPE")) {
                    throw e;
                }
                sleep(100);
            }
        }
    }

    /** A connection of its own, for commands that must not be retried blindly or that kill other clients. */
    Jedis connection() {
        return new Jedis("127.0.0.1", server.port(), 60_000);
    }

    /** SIGKILL: Redis gets no chance to flush; what the AOF has (everysec) is what survives. Returns when. */
    long kill9() {
        long at = System.currentTimeMillis();
        server.kill9();
        return at;
    }

    /** SIGTERM: Redis writes its AOF out and exits (a clean stop: nothing may be lost). Returns when it is gone. */
    void stop() {
        server.stop();
    }

    /** Starts redis-server again on the same directory (it reloads the AOF) and port. */
    void restart() {
        server.restart();
    }

    List<String> lrange(String key) {
        return call(r -> r.lrange(key, 0, -1));
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
