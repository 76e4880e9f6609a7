package io.sideline.ee.test.contract;

import io.sideline.ee.RunState;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.test.DagAssert;
import io.sideline.ee.test.Execution;
import io.sideline.ee.test.RandomWorkflows;
import io.sideline.ee.test.SidelineRedis;
import io.sideline.ee.test.SidelineRuns;
import io.sideline.ee.test.SidelineWeld;
import io.sideline.ee.test.WithSidelineRedis;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /**
     * Delays on jobs, chains, groups and empty steps, nested: the engine waits for each, as DagAssert's edges say.
     * Seeds chosen for their delays (seed 1 holds a delayed empty step, 16 and 63 two delays each).
     */
    @Test
    void randomTreesWithDelaysKeepTheirOrderAndTheirDelays() {
        for (long seed : new long[]{1, 13, 16, 63}) {
            Step tree = RandomWorkflows.seeded(seed, label -> job("Rec", label), 150).next(10);
            Ended run = runToEnd(tree);
            assertEquals(RunState.SUCCEEDED, run.status().state(), "seed " + seed + ": " + tree);
            DagAssert.forWorkflow(tree).submittedAt(run.submittedAt()).check(executions(run));
        }
    }

    /** A delayed empty member of a group holds the step after the group until its delay, counted from the group's start. */
    @Test
    void aDelayedEmptyStepInAGroupDelaysTheStepAfterTheGroup() {
        Step tree = chain(job("Rec", "A"), group(withDelay(chain(), 400), job("Rec", "B")), job("Rec", "C"));
        Ended run = runToEnd(tree);
        assertEquals(RunState.SUCCEEDED, run.status().state());
        List<Execution> executions = executions(run);
        DagAssert.forWorkflow(tree).submittedAt(run.submittedAt()).check(executions);
        Execution a = executions.stream().filter(e -> e.label().equals("A")).findFirst().orElseThrow();
        Execution c = executions.stream().filter(e -> e.label().equals("C")).findFirst().orElseThrow();
        assertTrue(Duration.between(a.endedAt(), c.startedAt()).toMillis() >= 400 - DagAssert.CLOCK_TOLERANCE.toMillis(),
                "C waited for the empty step's delay");
    }

    @Override
    protected Ended runTemplateToEnd(String name, java.util.Map<String, Object> params) {
        Instant submitted = Instant.now();
        String runId = templates().run(name, params);
        return new Ended(runId, SidelineRuns.awaitEnd(workflows(), runId, TIMEOUT), submitted);
    }

    /** The engine waits: B starts no earlier than the delay after A ended. */
    @Override
    protected void assertDelay(Ended run, Step root, List<Execution> executions) {
        DagAssert.forWorkflow(root).submittedAt(run.submittedAt()).check(executions);
    }
}
