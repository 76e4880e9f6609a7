package io.sideline.ee.test.failover;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.test.DagAssert;
import io.sideline.ee.test.ExecutionLog;
import io.sideline.ee.test.RedisSource;
import io.sideline.ee.test.SidelineRedis;
import io.sideline.ee.test.SidelineRuns;
import io.sideline.ee.test.SidelineWeld;
import io.sideline.ee.test.contract.ContractJobs;
import org.jboss.weld.environment.se.WeldContainer;
import io.sideline.ee.redis.RedisBackend;
import io.sideline.ee.redis.RedisConnector;
import io.sideline.ee.test.LocalRedisCluster;
import io.sideline.ee.test.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code redis-cluster://}: the connector reaches a real cluster of six nodes, and the engine runs sharded workflows
 * on it, each run's keys in one slot, the runs spread over every master.
 */
class ClusterConnectionTest {

    /** One cluster for the class: starting six nodes is most of its cost. */
    private static LocalRedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        assumeTrue(RedisServerProcess.findOnPath().isPresent(), "no redis-server on the PATH");
        cluster = LocalRedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aClusterUrlConnectsThroughAnyLiveSeedAndRoutesEachKeyToItsSlot() throws Exception {
        int dead;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = socket.getLocalPort();
        }
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
                    mastersHoldingKeys += node.keys("order-*").isEmpty() ? 0 : 1;
                }
            }
            assertEquals(3, mastersHoldingKeys, "30 keys spread over the 3 masters' slots");
            assertEquals("paid-17", redis.get("order-17"));
        }
        try (RedisBackend backend = RedisBackend.connect(config)) {
            assertEquals("PONG", backend.ping(), "the engine takes a cluster URL now that runs are sharded");
        }
    }

    @Test
    void sixteenShardsOfWorkflowsRunInOrderAndSpreadOverEveryMaster() {
        try (WeldContainer container = SidelineWeld.engine(new SidelineRedis(cluster.url(), "sltest:cluster:",
                     RedisSource.REDIS_SERVER)).setting(SidelineConfig.Keys.RETRY_MAX, "0")
                     .beans(ContractJobs.BEANS).start()) {
            Workflows workflows = container.select(Workflows.class).get();
            ExecutionLog log = container.select(ExecutionLog.class).get();
            Step tree = chain(job("Rec", "A"), group(job("Rec", "B"), job("Rec", "C"), job("Rec", "D"),
                    job("Rec", "E"), job("Rec", "F")), withDelay(job("Rec", "G"), 100));
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                runIds.add(workflows.run(tree));
            }
            for (String runId : runIds) {
                RunStatus status = SidelineRuns.awaitEnd(workflows, runId, Duration.ofSeconds(60));
                assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
                DagAssert.forWorkflow(tree).check(log.of(runId));
            }
            int mastersHoldingRuns = 0;
            for (RedisServerProcess master : cluster.masters()) {
                try (UnifiedJedis node = new UnifiedJedis(java.net.URI.create(master.url()))) {
                    mastersHoldingRuns += node.keys("sltest:cluster:{*}:run:*").isEmpty() ? 0 : 1;
                }
            }
            assertEquals(3, mastersHoldingRuns, "24 runs in 16 shards reach all 3 masters");
        }
    }
}
