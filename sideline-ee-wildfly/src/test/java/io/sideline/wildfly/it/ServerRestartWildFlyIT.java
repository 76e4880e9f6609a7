package io.sideline.wildfly.it;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import io.sideline.ee.model.Step;
import io.sideline.ee.test.Await;
import io.sideline.sample.it.SampleRecords;
import io.sideline.sample.records.ExecutionLog;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
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
import static io.sideline.sample.it.SampleWorkflows.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A WildFly server stopped with runs in flight, then started again: its JVM exits, the jobs that outlived the
 * grace period ({@code sideline.shutdown.grace-ms=500} in arquillian.xml; they work 3 s) are back on their
 * queue, and after the restart (the server redeploys the application from its configuration) every run
 * finishes in DAG order. It runs on its own server ({@code wildfly-restart}, a manual container), since
 * Arquillian cannot restart the suite's; the steps share the run ids through Redis, as server and test JVM
 * share nothing else.
 */
@ExtendWith({WildFlySuite.class, ArquillianExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerRestartWildFlyIT {

    private static final String SERVER = "wildfly-restart";
    private static final String DEPLOYMENT = "restart";
    private static final String RUN_IDS = "wildfly-it:server-restart:run-ids";
    private static final int RUNS = 4;
    private static final long SLOW_MS = 3_000;

    @Deployment(name = DEPLOYMENT, managed = false)
    @TargetsContainer(SERVER)
    static WebArchive deployment() {
        return TestWar.create("restart.war");
    }

    @ArquillianResource
    ContainerController servers;

    @ArquillianResource
    Deployer deployer;

    @Inject
    Workflows workflows;

    @Inject
    ExecutionLog executionLog;

    @Test
    @Order(1)
    @RunAsClient
    void startTheServer() {
        servers.start(SERVER);
        deployer.deploy(DEPLOYMENT);
    }

    @Test
    @Order(2)
    @OperateOnDeployment(DEPLOYMENT)
    void startRunsWhoseFirstJobsOutliveTheGracePeriod() {
        List<String> runIds = workflows.runAll(workflowsInFlight());
        try (RedisClient redis = RedisClient.create(URI.create(
                ConfigProvider.getConfig().getValue("sideline.redis.url", String.class)))) {
            redis.del(RUN_IDS);
            redis.rpush(RUN_IDS, runIds.toArray(String[]::new));
        }
    }

    @Test
    @Order(3)
    @RunAsClient
    void stoppingTheServerHandsTheJobsInFlightBackToTheirQueue() {
        try (RedisClient redis = RedisClient.create(URI.create(WildFlySuite.redis().url()))) {
            List<String> runIds = redis.lrange(RUN_IDS, 0, -1);
            assertEquals(RUNS, runIds.size(), runIds.toString());
            Await.until("the runs' first jobs in progress", Duration.ofSeconds(30),
                    () -> jobsInProgress(redis), n -> n == RUNS);

            servers.stop(SERVER);
            try {
                assertEquals(0, jobsInProgress(redis), "nothing left in progress");
                assertEquals(List.of(), new ArrayList<>(redis.keys("sideline:process:*")), "no heartbeat left");
                assertEquals(RUNS, redis.llen("sideline:queue:default"), "the slow jobs are back on their queue");
                for (String runId : runIds) {
                    assertEquals("RUNNING", redis.hget("sideline:run:" + runId, "state"), runId);
                }
            } finally {
                servers.start(SERVER);
            }
        }
    }

    @Test
    @Order(4)
    @OperateOnDeployment(DEPLOYMENT)
    void afterTheRestartEveryRunFinishesInOrder() {
        List<String> runIds;
        try (RedisClient redis = RedisClient.create(URI.create(
                ConfigProvider.getConfig().getValue("sideline.redis.url", String.class)))) {
            runIds = redis.lrange(RUN_IDS, 0, -1);
        }
        List<Step> roots = workflowsInFlight();
        assertEquals(RUNS, runIds.size(), runIds.toString());
        for (int i = 0; i < RUNS; i++) {
            RunStatus status = Runs.awaitFinished(workflows, runIds.get(i));
            assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
            SampleRecords.dagOf(roots.get(i)).check(SampleRecords.executions(executionLog.list(runIds.get(i))));
        }
    }

    @Test
    @Order(5)
    @RunAsClient
    void stopTheServer() {
        deployer.undeploy(DEPLOYMENT);
        servers.stop(SERVER);
    }

    /** Run i: Chain(slow R1-i, quick R2-i); the same list in the second and fourth step. */
    private static List<Step> workflowsInFlight() {
        return IntStream.range(0, RUNS).mapToObj(i -> (Step) chain(record("R1-" + i, SLOW_MS), record("R2-" + i))).toList();
    }

    private static long jobsInProgress(RedisClient redis) {
        return redis.keys("sideline:inprogress:*").stream().mapToLong(redis::llen).sum();
    }
}
