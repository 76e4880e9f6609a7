package io.sideline.ee.test.failover;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.test.Await;
import io.sideline.ee.test.DagAssert;
import io.sideline.ee.test.ExecutionLog;
import io.sideline.ee.test.LocalRedisSentinel;
import io.sideline.ee.test.RedisServerProcess;
import io.sideline.ee.test.RedisSource;
import io.sideline.ee.test.SidelineRedis;
import io.sideline.ee.test.SidelineRuns;
import io.sideline.ee.test.SidelineWeld;
import io.sideline.ee.test.contract.ContractJobs;
import io.sideline.ee.testing.LogCapture;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Objects;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The library on a {@code redis-sentinel://} URL with the master's password: it finds the master through the
 * Sentinels, authenticates to it, follows a failover, and logs the URL masked.
 */
class SentinelFailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The master's password: in the URL, and in no log line. */
    private static final String PASSWORD = "s3ntinel-pw-" + System.nanoTime();

    @Test
    void theLibraryRunsWorkflowsOnTheMasterTheSentinelsNameBeforeAndAfterAFailover() {
        assumeTrue(RedisServerProcess.findOnPath().isPresent(), "no redis-server on the PATH");
        try (LogCapture logs = new LogCapture();
             LocalRedisSentinel setup = LocalRedisSentinel.start(LocalRedisSentinel.DOWN_AFTER, PASSWORD);
             WeldContainer container = SidelineWeld.engine(new SidelineRedis(setup.url(), "sltest:sentinel:",
                             RedisSource.REDIS_SERVER))
                     .setting(SidelineConfig.Keys.RETRY_MAX, "0").beans(ContractJobs.BEANS).start()) {
            Workflows workflows = container.select(Workflows.class).get();
            ExecutionLog log = container.select(ExecutionLog.class).get();
            Step tree = chain(job("Rec", "A"), group(job("Rec", "B"), job("Rec", "C")), job("Rec", "D"));
            RedisServerProcess first = setup.master();

            String before = workflows.run(tree);
            assertEquals(RunState.SUCCEEDED, SidelineRuns.awaitEnd(workflows, before, TIMEOUT).state());
            DagAssert.forWorkflow(tree).check(log.of(before));

            RedisServerProcess promoted = setup.failover();
            assertNotSame(first, promoted);

            // a start during the switch may meet the demoted master (READONLY) and is refused as unavailable, as in
            // any outage; once the client follows the Sentinels' +switch-master, starts are accepted again
            String after = Await.until("a start accepted after the failover", TIMEOUT, () -> tryRun(workflows, tree),
                    Objects::nonNull);
            RunStatus status = SidelineRuns.awaitEnd(workflows, after, TIMEOUT);
            assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
            DagAssert.forWorkflow(tree).check(log.of(after));
            assertSame(promoted, setup.master(), "the run was written to the promoted replica: the old master is a "
                    + "read-only replica now");
            assertEquals(RunState.SUCCEEDED, SidelineRuns.status(workflows, before).state(),
                    "the run finished before the failover is still there, on the promoted replica");
            assertTrue(setup.url().contains(PASSWORD), "the URL carries the master's password");
            assertTrue(logs.text().contains("redis-sentinel://:***@"), "the startup line names the URL, masked");
            assertFalse(logs.text().contains(PASSWORD), "the password is in no log line");
        }
    }

    private static String tryRun(Workflows workflows, Step tree) {
        try {
            return workflows.run(tree);
        } catch (RedisUnavailableException e) {
            return null;
        }
    }
}
