package io.sideline.ee.test.contract;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.test.DagAssert;
import io.sideline.ee.test.Execution;
import io.sideline.ee.test.SidelineRedis;
import io.sideline.ee.test.SidelineRuns;
import io.sideline.ee.test.SidelineWeld;
import io.sideline.ee.test.WithSidelineRedis;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The contract against the real engine: the library in Weld SE on a private Redis, a worker, retries off. */
@WithSidelineRedis
class EngineWorkflowsTest extends WorkflowsContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private WeldContainer container;

    @BeforeEach
    void start(SidelineRedis redis) {
        container = SidelineWeld.engine(redis).setting(SidelineConfig.Keys.RETRY_MAX, "0")
                .beans(ContractJobs.BEANS).start();
    }

    @AfterEach
    void stop() {
        container.close();
    }

    @Override
    protected WeldContainer container() {
        return container;
    }

    @Override
    protected Ended runToEnd(Step root) {
        Instant submitted = Instant.now();
        String runId = workflows().run(root);
        return new Ended(runId, SidelineRuns.awaitEnd(workflows(), runId, TIMEOUT), submitted);
    }

    /** The engine waits: B starts no earlier than the delay after A ended. */
    @Override
    protected void assertDelay(Ended run, Step root, List<Execution> executions) {
        DagAssert.forWorkflow(root).submittedAt(run.submittedAt()).check(executions);
    }
}
