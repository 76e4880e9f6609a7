package io.sideline.ee.engine;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.testing.SingleNodeCluster;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link OrphanSweepTest} on a Redis Cluster (issue 14), over 4 shards: a job a lost reply left in an in-progress list,
 * or one planted in a live worker's list of its run's shard, is handed back to that shard's queue; a job a fetcher
 * holds is left alone. Each shard is swept by its own script call in its own slot.
 */
class OrphanSweepClusterTest extends OrphanSweepTest {

    private static final int SHARDS = 4;
    @RegisterExtension
    static final SingleNodeCluster.PerClass CLUSTER = new SingleNodeCluster.PerClass();

    private static Map<String, String> onCluster(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(SidelineConfig.Keys.REDIS_URL, CLUSTER.get().url());
        all.put(SidelineConfig.Keys.REDIS_SHARDS, Integer.toString(SHARDS));
        return all;
    }

    @Override
    TestEngine start(Map<String, String> settings, Class<?>... extraBeans) {
        return TestEngine.startWith(onCluster(settings), extraBeans);
    }

    @Override
    TestEngine join(TestEngine other, Map<String, String> settings) {
        return TestEngine.join(other, onCluster(settings));
    }

    @Override
    String key(TestEngine engine, String runId, String rest) {
        String shard = runId == null ? "0" : runId.substring(1, runId.indexOf('-'));
        return engine.prefix + "{" + shard + "}:" + rest;
    }
}
