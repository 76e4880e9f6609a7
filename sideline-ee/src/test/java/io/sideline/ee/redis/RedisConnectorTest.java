package io.sideline.ee.redis;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.engine.Await;
import io.sideline.ee.testing.SilentProxy;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static redis.clients.jedis.Protocol.Command.CLIENT;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisConnectorTest {

    private static final URI REDIS = URI.create(TestRedis.url());

    @Test
    void aFetchOnAConnectionThatWentSilentFailsWithinTheFetchAndSocketTimeouts() {
        try (SilentProxy proxy = SilentProxy.to(REDIS.getHost(), REDIS.getPort());
             RedisBackend backend = RedisBackend.connect(config("redis://127.0.0.1:" + proxy.port(),
                     SidelineConfig.Keys.FETCH_TIMEOUT, "500", SidelineConfig.Keys.REDIS_TIMEOUT, "1000"))) {
            var queue = backend.queue();
            assertTrue(queue.fetch("default", "w-silent", Duration.ofMillis(500)).isEmpty(), "an empty queue, answered");
            proxy.goSilent();

            long start = System.nanoTime();
            // before the bounded blocking timeout, BLMOVE waited on a half-open connection for ever (TCP keep-alive)
            RedisUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThrows(
                    RedisUnavailableException.class, () -> queue.fetch("default", "w-silent", Duration.ofMillis(500))));
            long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(tookMs >= 1_400 && tookMs < 10_000, "noticed after fetch 500 + socket 1000 ms, took " + tookMs);
            assertTrue(e.getMessage().contains("fetch from default"), e.getMessage());
        }
    }

    @Test
    void aCallWaitsForAPooledConnectionNoLongerThanTheSocketTimeout() {
        SidelineConfig config = config(TestRedis.url(), SidelineConfig.Keys.WORKER_ENABLED, "false",
                SidelineConfig.Keys.REDIS_TIMEOUT, "500");
        try (UnifiedJedis redis = RedisConnector.connect(config)) {
            var pool = ((RedisClient) redis).getPool();
            List<Connection> held = new ArrayList<>();
            try {
                while (held.size() < pool.getMaxTotal()) {
                    held.add(pool.getResource());
                }
                long start = System.nanoTime();
                // before maxWait was set, this waited for ever for a connection nobody would return
                assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThrows(RedisUnavailableException.class,
                        () -> JedisErrors.call("ping", redis::ping)));
                long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertTrue(tookMs >= 450 && tookMs < 5_000, "waited about the socket timeout, took " + tookMs);
            } finally {
                held.forEach(Connection::close);
            }
            assertEquals("PONG", redis.ping(), "a returned connection serves again");
        }
    }

    @Test
    void anIdleConnectionThatRedisClosedIsDroppedByTheIdleCheckBeforeACommandMeetsIt() {
        try (UnifiedJedis redis = RedisConnector.connect(config(TestRedis.url()), Duration.ofMillis(100));
             UnifiedJedis admin = new UnifiedJedis(REDIS)) {
            var pool = ((RedisClient) redis).getPool();
            assertEquals("PONG", redis.ping());
            String name = "sideline-idle-" + System.nanoTime();
            redis.sendCommand(CLIENT, "SETNAME", name);
            assertEquals(1, pool.getNumIdle());
            long killed = (Long) admin.sendCommand(CLIENT, "KILL", "ID",
                    clientId(admin, name));
            assertEquals(1L, killed);

            // without the evictor running, testWhileIdle never ran and the next command met the dead connection
            Await.until("the idle check drops the dead connection", Duration.ofSeconds(10),
                    () -> pool.getDestroyedByEvictorCount() >= 1);
            assertEquals("PONG", redis.ping(), "the next command gets a live connection");
        }
    }

    private static String clientId(UnifiedJedis admin, String name) {
        String list = new String((byte[]) admin.sendCommand(CLIENT, "LIST"),
                java.nio.charset.StandardCharsets.UTF_8);
        return list.lines().filter(l -> l.contains(" name=" + name + " ")).map(l -> l.split(" ")[0].substring(3))
                .findFirst().orElseThrow(() -> new AssertionError("no client named " + name + " in\n" + list));
    }

    static SidelineConfig config(String url, String... more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(SidelineConfig.Keys.REDIS_URL, url));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return SidelineConfig.read(settings::get);
    }
}
