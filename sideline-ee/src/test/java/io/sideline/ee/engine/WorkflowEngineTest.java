package io.sideline.ee.engine;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.model.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workflows run end to end by the real library (CDI container, interceptor, worker) on a real Redis. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowEngineTest {

    private TestEngine engine;

    @BeforeAll
    void start() {
        engine = TestEngine.start(settings());
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    /** The engine's settings: the defaults on one Redis ({@link WorkflowEngineClusterTest}: on a cluster). */
    Map<String, String> settings() {
        return Map.of();
    }

    static Step rec(String label) {
        return job(Rec.class, label);
    }

    static Step rec(String label, long sleepMs) {
        return job(Rec.class, label, sleepMs);
    }

    private RunStatus runToEnd(Step workflow) {
        String runId = engine.workflows().run(workflow);
        return Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    private void assertRunsInOrder(Step workflow) {
        RunStatus status = runToEnd(workflow);
        assertEquals(RunState.SUCCEEDED, status.state());
        DagAssert.assertRespects(workflow, engine.log().of(status.runId()));
        assertEquals(status.jobsTotal(), status.jobsDone());
        assertNotNull(status.finishedAt());
    }

    @Test
    void theSeedsFourTaskWorkflowRunsInOrder() {
        assertRunsInOrder(chain(rec("T1"), group(rec("T2"), rec("T3")), rec("T4")));
    }

    @Test
    void theEightTaskGraphRunsInOrder() {
        assertRunsInOrder(chain(rec("T1"), group(chain(rec("T2", 30), rec("T5")), rec("T3", 50),
                chain(rec("T4"), group(rec("T6", 20), rec("T7")))), rec("T8")));
    }

    @Test
    void delaysHoldBackTheStartOfAJobAChainOrAGroup() {
        assertRunsInOrder(chain(rec("A"), withDelay(rec("B"), 300), withDelay(group(rec("C"), chain(rec("D"), rec("E"))), 200),
                withDelay(withDelay(rec("F"), 100), 150)));
    }

    @Test
    void emptyChainsAndGroupsAreSkippedAndADelayedEmptyStepStillWaits() {
        Step workflow = chain(rec("A"), group(), chain(), withDelay(group(), 250), rec("B"), group(chain(), rec("C")));
        RunStatus status = runToEnd(workflow);
        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(3, status.jobsTotal(), "the no-op timer of the delayed empty step is not a job");
        assertEquals(3, status.jobsDone());
        var log = engine.log().of(status.runId());
        DagAssert.assertRespects(workflow, log);
        long aEnd = log.stream().filter(e -> e.label().equals("A")).findFirst().orElseThrow().endMs();
        long bStart = log.stream().filter(e -> e.label().equals("B")).findFirst().orElseThrow().startMs();
        assertTrue(bStart - aEnd >= 248, "B started " + (bStart - aEnd) + " ms after A; the empty delayed step waits 250");
    }

    @Test
    void aWorkflowWithoutJobsSucceedsAtOnce() {
        String runId = engine.workflows().run(chain(group(), chain(group())));
        RunStatus status = engine.workflows().status(runId).orElseThrow();
        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(0, status.jobsTotal());
    }

    @Test
    void anUnknownJobNameIsRefusedWithItsPlaceInTheTreeAndNothingStarts() {
        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class,
                () -> engine.workflows().run(chain(rec("A"), group(rec("B"), job("NoSuchJob")))));
        assertEquals("$.chain[1].group[1].job", e.path());
        assertTrue(e.getMessage().contains("NoSuchJob"));
    }

    @Test
    void aFailingJobIsRetriedWithBackoffAndTheRunThenSucceeds() {
        Step workflow = chain(rec("A"), job("Flaky", "B", 2), rec("C"));
        RunStatus status = runToEnd(workflow);
        assertEquals(RunState.SUCCEEDED, status.state());
        DagAssert.assertRespects(workflow, engine.log().of(status.runId()));
    }

    @Test
    void runsWithTheJsonFormSucceedToo() {
        Step workflow = engine.workflows().parse("""
                {"chain":[{"job":"Rec","args":["J1"]},{"group":[{"job":"Rec","args":["J2",10]},
                {"delay":100,"step":{"job":"Rec","args":["J3"]}}]},{"job":"Rec","args":["J4"]}]}""");
        assertRunsInOrder(workflow);
    }
}
