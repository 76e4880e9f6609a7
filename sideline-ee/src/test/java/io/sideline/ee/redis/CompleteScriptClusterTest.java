package io.sideline.ee.redis;

import io.sideline.ee.testing.SingleNodeCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CompleteScriptTest}'s contract (complete.lua) on a Redis Cluster, every key in one shard ({@code {7}}): a script
 * that touched a key of another slot, or declared keys of two slots, would be refused (issue 14).
 */
class CompleteScriptClusterTest extends CompleteScriptTest {

    @RegisterExtension
    static final SingleNodeCluster.PerClass CLUSTER = new SingleNodeCluster.PerClass();

    @Override
    ScriptFixture fixture() {
        return new ScriptFixture(CLUSTER.get().nodeUrl(), "7");
    }
}
