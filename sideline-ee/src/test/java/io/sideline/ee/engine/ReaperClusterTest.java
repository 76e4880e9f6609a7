package io.sideline.ee.engine;

import io.sideline.ee.RunOptions;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.testing.SingleNodeCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ListDirection;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FaultTest#theReaperRecoversTheJobOfAWorkerThatDiedMidRunAndTheRunCompletes} on a Redis Cluster (issue 14):
 * a worker that died holding a job in each of 4 shards, its heartbeat (in shard 0) gone. The reaper reads the
 * heartbeat with a plain command and reaps every shard with its own script call, so every run completes in order.
 */
class ReaperClusterTest {

    private static final int SHARDS = 4;
    @RegisterExtension
    static final SingleNodeCluster.PerClass CLUSTER = new SingleNodeCluster.PerClass();
    private TestEngine starter;
    private TestEngine worker;

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
        if (starter != null) {
            starter.close();
        }
    }

    private static Map<String, String> onCluster(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(SidelineConfig.Keys.REDIS_URL, CLUSTER.get().url());
        all.put(SidelineConfig.Keys.REDIS_SHARDS, Integer.toString(SHARDS));
        return all;
    }

    /** An idempotency key whose run goes to shard {@code shard}. */
    private static String keyOfShard(int shard) {
        for (int i = 0; ; i++) {
            String key = "reaped-" + i;
            if (Math.floorMod(key.hashCode(), SHARDS) == shard) {
                return key;
            }
        }
    }

    @Test
    void theReaperRecoversTheJobsOfAWorkerThatDiedHoldingOneInEveryShard() {
        starter = TestEngine.start(onCluster(Map.of(SidelineConfig.Keys.WORKER_ENABLED, "false")));
        Step workflow = chain(job(Rec.class, "A"), group(job(Rec.class, "B"), job(Rec.class, "C")), job(Rec.class, "D"));
        String deadWorker = "crashed-host:4242:abcdef";
        List<String> runIds = new ArrayList<>();
        try (RedisClient redis = RedisClient.create(URI.create(CLUSTER.get().nodeUrl()))) {
            for (int s = 0; s < SHARDS; s++) {
                String runId = starter.workflows().start(workflow, RunOptions.idempotencyKey(keyOfShard(s))).runId();
                assertEquals("s" + s, runId.substring(0, runId.indexOf('-')), "the key's shard");
                runIds.add(runId);
                String shard = starter.prefix + "{" + s + "}:";
                // the dead worker had fetched A from this shard: it sits in the worker's in-progress list of the shard
                assertNotNull(redis.lmove(shard + "queue:default", shard + "inprogress:" + deadWorker,
                        ListDirection.RIGHT, ListDirection.LEFT));
            }
            redis.sadd(starter.prefix + "{0}:processes", deadWorker);

            worker = TestEngine.join(starter, onCluster(Map.of()));
            for (String runId : runIds) {
                RunStatus status = Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                        () -> starter.workflows().status(runId).orElseThrow(), st -> st.state() != RunState.RUNNING);
                assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
                DagAssert.assertRespects(workflow, worker.log().of(runId));
            }
            for (int s = 0; s < SHARDS; s++) {
                assertEquals(0, redis.llen(starter.prefix + "{" + s + "}:inprogress:" + deadWorker), "shard " + s);
            }
            assertTrue(redis.exists(starter.prefix + "{0}:dead-since:" + deadWorker),
                    "the dead worker is remembered as dead where its heartbeat lived");
        }
    }
}
