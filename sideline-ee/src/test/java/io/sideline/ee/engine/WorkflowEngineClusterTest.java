package io.sideline.ee.engine;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.testing.SingleNodeCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * {@link WorkflowEngineTest} on a Redis Cluster (issue 14): the seed's proof (its four-task workflow, the eight-task
 * graph, delays) and the engine's end-to-end rules over the default 16 shards. The one-node cluster refuses any
 * script or command whose keys span two slots.
 */
class WorkflowEngineClusterTest extends WorkflowEngineTest {

    @RegisterExtension
    static final SingleNodeCluster.PerClass CLUSTER = new SingleNodeCluster.PerClass();

    @Override
    Map<String, String> settings() {
        return Map.of(SidelineConfig.Keys.REDIS_URL, CLUSTER.get().url());
    }
}
