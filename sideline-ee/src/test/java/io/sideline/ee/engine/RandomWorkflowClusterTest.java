package io.sideline.ee.engine;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.testing.SingleNodeCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * {@link RandomWorkflowTest} on a Redis Cluster (issue 14): 30 random nested workflows over the default 16 shards,
 * every job once and in graph order. The one-node cluster refuses any script or command whose keys span two slots.
 */
class RandomWorkflowClusterTest extends RandomWorkflowTest {

    @RegisterExtension
    static final SingleNodeCluster.PerClass CLUSTER = new SingleNodeCluster.PerClass();

    @Override
    Map<String, String> settings() {
        return Map.of(SidelineConfig.Keys.REDIS_URL, CLUSTER.get().url());
    }
}
