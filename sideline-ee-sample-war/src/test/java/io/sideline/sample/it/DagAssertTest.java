package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import io.sideline.sample.records.ExecutionRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DagAssert must fail on every kind of violation, or the ITs built on it prove nothing. */
class DagAssertTest {

    /** The seed's workflow: Chain(T1, Group(T2, T3), T4). */
    private static final Step SEED = chain(r("T1"), group(r("T2"), r("T3")), r("T4"));

    @Test
    void acceptsAnExecutionInGraphOrderWithTheGroupInParallel() {
        assertDoesNotThrow(() -> DagAssert.forWorkflow(SEED).check(List.of(
                rec("T1", 1, 2), rec("T2", 3, 6), rec("T3", 4, 5), rec("T4", 7, 8))));
    }

    @Test
    void rejectsAJobThatRanTwice() {
        AssertionError error = assertThrows(AssertionError.class, () -> DagAssert.forWorkflow(SEED).check(List.of(
                rec("T1", 1, 2), rec("T2", 3, 4), rec("T2", 5, 6), rec("T3", 7, 8), rec("T4", 9, 10))));
        assertTrue(error.getMessage().contains("T2 ran 2 times"), error.getMessage());
    }

    @Test
    void acceptsARepeatedJobWhenRepeatsAreAllowedAndOrdersByFirstCompletion() {
        // T2 ran, then ran again after T4 had started (a re-run after a crash): T4 still followed T2's first end
        assertDoesNotThrow(() -> DagAssert.forWorkflow(SEED).allowingRepeats().check(List.of(
                rec("T1", 1, 2), rec("T2", 3, 4), rec("T3", 5, 6), rec("T4", 7, 10), rec("T2", 8, 9))));
    }

    @Test
    void rejectsAMissingJob() {
        AssertionError error = assertThrows(AssertionError.class, () -> DagAssert.forWorkflow(SEED).check(List.of(
                rec("T1", 1, 2), rec("T2", 3, 4), rec("T4", 5, 6))));
        assertTrue(error.getMessage().contains("T3 never ran"), error.getMessage());
    }

    @Test
    void rejectsAJobThatIsNotInTheWorkflow() {
        AssertionError error = assertThrows(AssertionError.class, () -> DagAssert.forWorkflow(SEED).check(List.of(
                rec("T1", 1, 2), rec("T2", 3, 4), rec("T3", 5, 6), rec("T4", 7, 8), rec("T9", 9, 10))));
        assertTrue(error.getMessage().contains("T9 ran but is not in the workflow"), error.getMessage());
    }

    @Test
    void rejectsASuccessorThatStartedBeforeAGroupMemberEnded() {
        AssertionError error = assertThrows(AssertionError.class, () -> DagAssert.forWorkflow(SEED).check(List.of(
                rec("T1", 1, 2), rec("T2", 3, 4), rec("T3", 5, 8), rec("T4", 6, 7))));
        assertTrue(error.getMessage().contains("T3 → T4"), error.getMessage());
    }

    @Test
    void rejectsAGroupThatStartedBeforeItsPredecessorEnded() {
        AssertionError error = assertThrows(AssertionError.class, () -> DagAssert.forWorkflow(SEED).check(List.of(
                rec("T1", 1, 4), rec("T2", 2, 5), rec("T3", 6, 7), rec("T4", 8, 9))));
        assertTrue(error.getMessage().contains("T1 → T2"), error.getMessage());
    }

    @Test
    void listsEveryViolationAtOnce() {
        List<String> violations = DagAssert.forWorkflow(SEED).violations(List.of(
                rec("T4", 1, 2), rec("T2", 3, 4), rec("T2", 5, 6)));
        assertEquals(List.of("T1 never ran", "T2 ran 2 times", "T3 never ran", "T2 → T4"),
                violations.stream().map(v -> v.replaceAll("(: .*| \\(.*)$", "")).toList(), violations.toString());
    }

    @Test
    void emptyChainsAndGroupsPassTheOrderThrough() {
        Step workflow = chain(r("A"), group(), chain(), group(chain()), r("B"));
        assertDoesNotThrow(() -> DagAssert.forWorkflow(workflow).check(List.of(rec("A", 1, 2), rec("B", 3, 4))));
        AssertionError error = assertThrows(AssertionError.class,
                () -> DagAssert.forWorkflow(workflow).check(List.of(rec("A", 1, 3), rec("B", 2, 4))));
        assertTrue(error.getMessage().contains("A → B"), error.getMessage());
    }

    @Test
    void checksTheDelayBetweenAPredecessorsEndAndTheDelayedStart() {
        Step workflow = chain(r("A"), withDelay(r("B"), 1000));
        DagAssert dag = DagAssert.forWorkflow(workflow);
        assertDoesNotThrow(() -> dag.check(List.of(rec("A", 1, 2, 0, 100), rec("B", 3, 4, 1100, 1100))));
        // the clock's granularity is tolerated, a real shortfall is not
        assertDoesNotThrow(() -> dag.check(List.of(rec("A", 1, 2, 0, 100), rec("B", 3, 4, 1098, 1098))));
        AssertionError error = assertThrows(AssertionError.class,
                () -> dag.check(List.of(rec("A", 1, 2, 0, 100), rec("B", 3, 4, 600, 600))));
        assertTrue(error.getMessage().contains("A → B: started 500 ms after, delay is 1000 ms"), error.getMessage());
    }

    @Test
    void delaysTheFirstJobsOfADelayedStepOnlyAndAddsNestedDelays() {
        // B and C start ≥ 300 ms after A (nested 100 + 200); D follows C without delay
        Step workflow = chain(r("A"), withDelay(group(withDelay(r("B"), 100), chain(r("C"), r("D"))), 200));
        DagAssert dag = DagAssert.forWorkflow(workflow);
        assertDoesNotThrow(() -> dag.check(List.of(rec("A", 1, 2, 0, 0), rec("B", 3, 4, 300, 300),
                rec("C", 5, 6, 200, 200), rec("D", 7, 8, 201, 201))));
        AssertionError error = assertThrows(AssertionError.class, () -> dag.check(List.of(rec("A", 1, 2, 0, 0),
                rec("B", 3, 4, 250, 250), rec("C", 5, 6, 200, 200), rec("D", 7, 8, 201, 201))));
        assertTrue(error.getMessage().contains("A → B: started 250 ms after, delay is 300 ms"), error.getMessage());
    }

    @Test
    void checksADelayFromTheSubmissionWhenItsTimeIsKnown() {
        Step workflow = chain(withDelay(r("A"), 1000), r("B"));
        List<ExecutionRecord> early = List.of(rec("A", 1, 2, 10_500, 10_500), rec("B", 3, 4, 10_600, 10_600));
        assertDoesNotThrow(() -> DagAssert.forWorkflow(workflow).check(early));
        AssertionError error = assertThrows(AssertionError.class,
                () -> DagAssert.forWorkflow(workflow).submittedAt(10_000).check(early));
        assertTrue(error.getMessage().contains("A started 500 ms after submission"), error.getMessage());
    }

    @Test
    void refusesAWorkflowWithDuplicateLabels() {
        assertThrows(IllegalArgumentException.class, () -> DagAssert.forWorkflow(chain(r("A"), r("A"))));
    }

    @Test
    void labelsJobsWithoutArgumentsByName() {
        assertEquals(java.util.Set.of("Task1", "Task2"), WorkflowGraph.of(chain(job("Task1"), job("Task2"))).labels());
    }

    private static Step r(String label) {
        return job("Record", label);
    }

    private static ExecutionRecord rec(String label, long seqStart, long seqEnd) {
        return rec(label, seqStart, seqEnd, seqStart, seqEnd);
    }

    private static ExecutionRecord rec(String label, long seqStart, long seqEnd, long startMs, long endMs) {
        return new ExecutionRecord(label, "jid-" + label + "-" + seqStart, seqStart, seqEnd, startMs, endMs);
    }
}
