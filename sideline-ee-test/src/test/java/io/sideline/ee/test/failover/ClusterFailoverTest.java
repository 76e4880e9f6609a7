package io.sideline.ee.test.failover;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.test.Await;
import io.sideline.ee.test.DagAssert;
import io.sideline.ee.test.ExecutionLog;
import io.sideline.ee.test.LocalRedisCluster;
import io.sideline.ee.test.RedisServerProcess;
import io.sideline.ee.test.RedisSource;
import io.sideline.ee.test.SidelineRedis;
import io.sideline.ee.test.SidelineRuns;
import io.sideline.ee.test.SidelineWeld;
import io.sideline.ee.test.contract.ContractJobs;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A master of a six-node cluster killed with SIGKILL under a running engine ({@code wait-replicas=1}): the cluster
 * promotes its replica, which never had the engine's scripts ({@code SCRIPT LOAD} is not replicated), and the killed
 * node comes back as the replica of the promoted one. Every shard, the promoted master's too, takes new runs and
 * completes them. The cluster's node timeout is short here (2 s), a failover test's exception to the 5 s default.
 */
class ClusterFailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void runsOfEveryShardCompleteAfterAMasterIsKilledAndItsReplicaPromoted() {
        assumeTrue(RedisServerProcess.findOnPath().isPresent(), "no redis-server on the PATH");
        try (LocalRedisCluster cluster = LocalRedisCluster.start(Duration.ofSeconds(2));
             WeldContainer container = SidelineWeld.engine(new SidelineRedis(cluster.url(), "sltest:failover:",
                             RedisSource.REDIS_SERVER)).setting(SidelineConfig.Keys.REDIS_WAIT_REPLICAS, "1")
                     .beans(ContractJobs.BEANS).start()) {
            Workflows workflows = container.select(Workflows.class).get();
            ExecutionLog log = container.select(ExecutionLog.class).get();
            Step tree = chain(job("Rec", "A"), group(job("Rec", "B"), job("Rec", "C")), job("Rec", "D"));
            runAll(workflows, log, tree, 16); // every master has run our scripts

            RedisServerProcess victim = cluster.masters().get(0);
            victim.kill9();
            Await.until("a replica promoted in place of the killed master", TIMEOUT, () -> {
                try {
                    return cluster.masters();
                } catch (RuntimeException settling) {
                    return List.<RedisServerProcess>of();
                }
            }, masters -> masters.size() == 3 && !masters.contains(victim));
            victim.restart(); // it rejoins as the promoted one's replica, so WAIT 1 is answered again
            cluster.awaitHealthy();

            runAll(workflows, log, tree, 24);
        }
    }

    /** Starts {@code count} runs (over the 16 shards, so on every master) and checks each one to its end. */
    private static void runAll(Workflows workflows, ExecutionLog log, Step tree, int count) {
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runIds.add(workflows.run(tree));
        }
        for (String runId : runIds) {
            RunStatus status = SidelineRuns.awaitEnd(workflows, runId, TIMEOUT);
            assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
            DagAssert.forWorkflow(tree).check(log.of(runId));
        }
    }
}
