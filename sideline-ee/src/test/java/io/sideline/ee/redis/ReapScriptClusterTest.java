package io.sideline.ee.redis;

import io.sideline.ee.testing.SingleNodeCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ReapScriptTest}'s contract (reap.lua) on a Redis Cluster, every key in one shard ({@code {7}}): a script
 * that touched a key of another slot, or declared keys of two slots, would be refused (issue 14).
 */
class ReapScriptClusterTest extends ReapScriptTest {

    private static SingleNodeCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = SingleNodeCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    ScriptFixture fixture() {
        return new ScriptFixture(cluster.nodeUrl(), "7");
    }
}
