package io.sideline.ee.test;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalRedisClusterTest {

    @Test
    void sixNodesServeEverySlotWithThreeReplicatedMastersAndAllStopByTheirPids() {
        assumeTrue(RedisServerProcess.findOnPath().isPresent(), "no redis-server on the PATH");
        List<RedisServerProcess> nodes;
        try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
            nodes = cluster.nodes();
            assertEquals(6, nodes.size());
            RedisCli cli = RedisCli.besides(RedisServerProcess.findOnPath().orElseThrow());
            String info = cli.ask(nodes.get(5).port(), "CLUSTER", "INFO");
            assertTrue(info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:6")
                    && info.contains("cluster_size:3"), info);
            assertEquals(3, cluster.masters().size());
            assertEquals("5000", cli.ask(nodes.get(0).port(), "CONFIG", "GET", "cluster-node-timeout")
                    .lines().toList().get(1), "the default node timeout, against false failovers on a busy box");

            // a key written through any node lands on its slot's master, and reaches that master's replica
            assertEquals("OK", cli.ask(nodes.get(0).port(), "-c", "SET", "{order-7}:status", "paid").trim());
            RedisServerProcess owner = cluster.masters().stream()
                    .filter(m -> cli.ask(m.port(), "GET", "{order-7}:status").trim().equals("paid"))
                    .findFirst().orElseThrow();
            RedisServerProcess replica = nodes.stream().filter(n -> cli.ask(n.port(), "INFO", "replication")
                    .contains("master_port:" + owner.port())).findFirst().orElseThrow();
            cli.await("the write replicated", Duration.ofSeconds(10), size -> size.trim().equals("1"),
                    replica.port(), "DBSIZE");
            assertTrue(cluster.url().startsWith("redis-cluster://127.0.0.1:" + nodes.get(0).port() + ","));
        }
        for (RedisServerProcess node : nodes) {
            assertFalse(node.alive(), "node on port " + node.port() + " stopped");
            assertFalse(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertFalse(java.nio.file.Files.exists(node.dir()), "its temporary directory deleted");
        }
    }
}
