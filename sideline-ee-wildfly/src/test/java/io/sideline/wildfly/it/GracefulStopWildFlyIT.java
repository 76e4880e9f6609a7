package io.sideline.wildfly.it;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import io.sideline.ee.model.Step;
import io.sideline.sample.records.ExecutionLog;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.wildfly.it.SampleWorkflows.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Stopping the application on WildFly with runs in flight, then starting it again: the stop hands the jobs
 * that outlive the grace period (arquillian.xml sets {@code sideline.shutdown.grace-ms=500}; they work 3 s)
 * back to their queue, and after the restart every run finishes in order. The stop and start are the
 * deployment's {@code undeploy}/{@code deploy} management operations: the same application stop a server
 * shutdown performs, in a server that Arquillian keeps running (its managed container cannot be restarted
 * within a suite). The three steps share the run ids through Redis, as server and test JVM share nothing else.
 */
@ExtendWith({WildFlySuite.class, ArquillianExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GracefulStopWildFlyIT {

    private static final String DEPLOYMENT = "stop.war";
    private static final String RUN_IDS = "wildfly-it:graceful-stop:run-ids";
    private static final int RUNS = 4;
    private static final long SLOW_MS = 3_000;

    @Deployment
    static WebArchive deployment() {
        return TestWar.create(DEPLOYMENT);
    }

    @Inject
    Workflows workflows;

    @Inject
    ExecutionLog executionLog;

    @Test
    @Order(1)
    void startRunsWhoseFirstJobsOutliveTheGracePeriod() {
        List<String> runIds = workflows.runAll(workflowsInFlight());
        try (RedisClient redis = redis()) {
            redis.del(RUN_IDS);
            redis.rpush(RUN_IDS, runIds.toArray(String[]::new));
        }
    }

    @Test
    @Order(2)
    @RunAsClient
    void stoppingTheApplicationHandsTheJobsInFlightBackToTheirQueue() {
        try (RedisClient redis = RedisClient.create(URI.create(WildFlySuite.redis().url()))) {
            List<String> runIds = redis.lrange(RUN_IDS, 0, -1);
            assertEquals(RUNS, runIds.size(), runIds.toString());
            Await.until("the runs' first jobs in progress", Duration.ofSeconds(30),
                    () -> jobsInProgress(redis), n -> n == RUNS);

            WildFlyManagement.onDeployment(DEPLOYMENT, "undeploy");
            try {
                assertEquals(0, jobsInProgress(redis), "nothing left in progress");
                assertEquals(List.of(), new ArrayList<>(redis.keys("sideline:process:*")), "no heartbeat left");
                assertEquals(RUNS, redis.llen("sideline:queue:default"), "the slow jobs are back on their queue");
                for (String runId : runIds) {
                    assertEquals("RUNNING", redis.hget("sideline:run:" + runId, "state"), runId);
                }
            } finally {
                WildFlyManagement.onDeployment(DEPLOYMENT, "deploy");
            }
        }
    }

    @Test
    @Order(3)
    void afterTheRestartEveryRunFinishesInOrder() {
        List<String> runIds;
        try (RedisClient redis = redis()) {
            runIds = redis.lrange(RUN_IDS, 0, -1);
        }
        List<Step> roots = workflowsInFlight();
        assertEquals(RUNS, runIds.size(), runIds.toString());
        for (int i = 0; i < RUNS; i++) {
            RunStatus status = Runs.awaitFinished(workflows, runIds.get(i));
            assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
            DagAssert.forWorkflow(roots.get(i)).check(executionLog.list(runIds.get(i)));
        }
    }

    /** Run i: Chain(slow S1-i, quick S2-i); the same list in the first and last step. */
    private static List<Step> workflowsInFlight() {
        return IntStream.range(0, RUNS).mapToObj(i -> (Step) chain(record("S1-" + i, SLOW_MS), record("S2-" + i))).toList();
    }

    private static long jobsInProgress(RedisClient redis) {
        return redis.keys("sideline:inprogress:*").stream().mapToLong(redis::llen).sum();
    }

    /** In the container: the Redis the application uses. */
    private static RedisClient redis() {
        return RedisClient.create(URI.create(ConfigProvider.getConfig().getValue("sideline.redis.url", String.class)));
    }
}
