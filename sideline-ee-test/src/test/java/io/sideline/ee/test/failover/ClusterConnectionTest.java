package io.sideline.ee.test.failover;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.redis.RedisBackend;
import io.sideline.ee.redis.RedisConnector;
import io.sideline.ee.test.LocalRedisCluster;
import io.sideline.ee.test.RedisServerProcess;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code redis-cluster://}: the connector reaches a real cluster; the engine refuses it until runs are sharded. */
class ClusterConnectionTest {

    @Test
    void aClusterUrlConnectsThroughAnyLiveSeedAndRoutesEachKeyToItsSlotButTheEngineRefusesItForNow() throws Exception {
        assumeTrue(RedisServerProcess.findOnPath().isPresent(), "no redis-server on the PATH");
        int dead;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = socket.getLocalPort();
        }
        try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
            // a first seed with nothing listening: the client needs only one live node to learn the topology
            String url = cluster.url().replace("redis-cluster://", "redis-cluster://127.0.0.1:" + dead + ",");
            SidelineConfig config = SidelineConfig.read(Map.of(SidelineConfig.Keys.REDIS_URL, url)::get);
            try (UnifiedJedis redis = RedisConnector.connect(config)) {
                for (int i = 0; i < 30; i++) {
                    redis.set("order-" + i, "paid-" + i);
                }
                int mastersHoldingKeys = 0;
                for (RedisServerProcess master : cluster.masters()) {
                    try (UnifiedJedis node = new UnifiedJedis(java.net.URI.create(master.url()))) {
                        mastersHoldingKeys += node.dbSize() > 0 ? 1 : 0;
                    }
                }
                assertEquals(3, mastersHoldingKeys, "30 keys spread over the 3 masters' slots");
                assertEquals("paid-17", redis.get("order-17"));
            }
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> RedisBackend.connect(config));
            assertTrue(refused.getMessage().startsWith(SidelineConfig.Keys.REDIS_URL)
                    && refused.getMessage().contains("not sharded"), refused.getMessage());
        }
    }
}
