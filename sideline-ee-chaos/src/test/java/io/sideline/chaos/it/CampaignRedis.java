package io.sideline.chaos.it;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The campaign's one private {@code redis-server} (from the PATH), shared by both Liberty servers: AOF on with
 * {@code appendfsync everysec} (Redis's AOF default, what the README's guarantees assume), {@code noeviction}, its
 * files and pid file in the module's target directory. A child of this JVM; killed by its pid at the end, by a
 * shutdown hook, and by the POM's cleanup should this JVM die first. Scenario 4 kills it with SIGKILL and starts it
 * again on the same directory, so it reloads its AOF.
 */
final class CampaignRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Driver calls survive connection kills and a Redis restart by repeating for up to this long. */
    private static final long RETRY_FOR_MS = 90_000;

    private final Path dir;
    private final int port;
    private Process process;
    private RedisClient client;

    private CampaignRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static CampaignRedis start(Path dir, int port) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CampaignRedis redis = new CampaignRedis(dir, port);
        redis.launch();
        redis.client = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", port))
                .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(30_000).build()).build();
        return redis;
    }

    private synchronized void launch() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toAbsolutePath().toString(), "--appendonly", "yes", "--appendfsync", "everysec",
                    "--save", "", "--maxmemory-policy", "noeviction",
                    "--pidfile", dir.resolve("redis.pid").toAbsolutePath().toString(),
                    "--logfile", dir.resolve("redis.log").toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server from the PATH", e);
        }
        Await.require("redis-server on port " + port, START_TIMEOUT, this::answers, () -> "no PONG");
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see " + dir);
        }
        try (Jedis jedis = new Jedis("127.0.0.1", port, 2_000)) {
            return "PONG".equals(jedis.ping());
        } catch (JedisException loadingOrRefused) {
            return false;
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
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
        return new Jedis("127.0.0.1", port, 60_000);
    }

    /** SIGKILL: Redis gets no chance to flush; what the AOF has (everysec) is what survives. Returns when. */
    synchronized long kill9() {
        long at = System.currentTimeMillis();
        process.destroyForcibly();
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return at;
    }

    /** Starts redis-server again on the same directory (it reloads the AOF) and port. */
    synchronized void restart() {
        launch();
    }

    List<String> lrange(String key) {
        return call(r -> r.lrange(key, 0, -1));
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
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
