package io.sideline.ee.engine;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.testing.SingleNodeCluster;
import org.junit.jupiter.api.AfterAll;

import java.util.Map;

/**
 * {@link RandomWorkflowTest} on a Redis Cluster (issue 14): 30 random nested workflows over the default 16 shards,
 * every job once and in graph order. The one-node cluster refuses any script or command whose keys span two slots.
 */
class RandomWorkflowClusterTest extends RandomWorkflowTest {

    private SingleNodeCluster cluster;

    @Override
    Map<String, String> settings() {
        cluster = SingleNodeCluster.start();
        return Map.of(SidelineConfig.Keys.REDIS_URL, cluster.url());
    }

    @AfterAll
    @Override
    void stop() {
        super.stop();
        cluster.close();
    }
}
