package io.sideline.ee.test;

import io.sideline.ee.model.Step;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DagAssertTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private static Step rec(String label) {
        return job("Rec", label);
    }

    /** An execution by counter and by clock: seq s..e, at T0 + sMs..eMs. */
    private static Execution ran(String label, long seqStart, long seqEnd, long startMs, long endMs) {
        return new Execution("run", label, seqStart, seqEnd, T0.plusMillis(startMs), T0.plusMillis(endMs));
    }

    @Test
    void aChainRunInOrderPasses() {
        DagAssert.forWorkflow(chain(rec("A"), group(rec("B"), rec("C")), rec("D")))
                .check(List.of(ran("A", 1, 2, 0, 1), ran("C", 3, 5, 2, 4), ran("B", 4, 6, 3, 5), ran("D", 7, 8, 6, 7)));
    }

    @Test
    void aJobThatStartedBeforeItsPredecessorEndedIsReported() {
        List<String> violations = DagAssert.forWorkflow(chain(rec("A"), rec("B")))
                .violations(List.of(ran("A", 1, 3, 0, 2), ran("B", 2, 4, 1, 3)));
        assertEquals(List.of("A → B: B started (seq 2) before A ended (seq 3)"), violations);
    }

    @Test
    void membersOfAGroupMayOverlapButNotTheStepAfterIt() {
        List<String> violations = DagAssert.forWorkflow(chain(group(rec("A"), rec("B")), rec("C")))
                .violations(List.of(ran("A", 1, 4, 0, 3), ran("B", 2, 6, 1, 5), ran("C", 5, 7, 4, 6)));
        assertEquals(List.of("B → C: C started (seq 5) before B ended (seq 6)"), violations);
    }

    @Test
    void missingRepeatedAndForeignJobsAreEachReported() {
        List<String> violations = DagAssert.forWorkflow(group(rec("A"), rec("B")))
                .violations(List.of(ran("A", 1, 2, 0, 1), ran("A", 3, 4, 2, 3), ran("X", 5, 6, 4, 5)));
        assertEquals(3, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("X ran but is not in the workflow"), violations.toString());
        assertTrue(violations.get(1).startsWith("A ran 2 times"), violations.toString());
        assertEquals("B never ran", violations.get(2));
    }

    @Test
    void repeatsMayBeAllowedAndTheFirstExecutionsAreCompared() {
        DagAssert.forWorkflow(chain(rec("A"), rec("B"))).allowingRepeats()
                .check(List.of(ran("A", 1, 2, 0, 1), ran("B", 3, 4, 2, 3), ran("A", 5, 6, 4, 5)));
    }

    @Test
    void aDelayedJobThatStartedTooEarlyIsReportedUnlessDelaysAreIgnored() {
        Step tree = chain(rec("A"), withDelay(rec("B"), 100));
        List<Execution> early = List.of(ran("A", 1, 2, 0, 10), ran("B", 3, 4, 60, 70));
        assertEquals(List.of("B started 50 ms after A; its delay is 100 ms"),
                DagAssert.forWorkflow(tree).violations(early));
        assertEquals(List.of(), DagAssert.forWorkflow(tree).ignoringDelays().violations(early));
        DagAssert.forWorkflow(tree).check(List.of(ran("A", 1, 2, 0, 10), ran("B", 3, 4, 110, 120)));
    }

    @Test
    void aFirstJobsDelayCountsFromTheSubmissionWhenItIsKnown() {
        Step tree = withDelay(rec("A"), 100);
        List<Execution> early = List.of(ran("A", 1, 2, 40, 50));
        assertEquals(List.of(), DagAssert.forWorkflow(tree).violations(early), "unknown submission: not checked");
        assertEquals(List.of("A started 40 ms after the submission; its delay is 100 ms"),
                DagAssert.forWorkflow(tree).submittedAt(T0).violations(early));
    }

    @Test
    void aDelayOnAnEmptyStepDelaysTheStepAfterIt() {
        Step tree = chain(rec("A"), withDelay(group(), 100), rec("B"));
        assertEquals(List.of("B started 50 ms after A; its delay is 100 ms"), DagAssert.forWorkflow(tree)
                .violations(List.of(ran("A", 1, 2, 0, 10), ran("B", 3, 4, 60, 70))));
    }

    @Test
    void aDelayedEmptyMemberOfAGroupDelaysTheStepAfterTheGroupFromTheGroupsStart() {
        Step tree = chain(rec("A"), group(withDelay(chain(), 100), rec("B")), rec("C"));
        // C waits for B (ended at 20) and for the empty member's timer (due at A's end + 100 = 110)
        assertEquals(List.of("C started 90 ms after A; its delay is 100 ms"), DagAssert.forWorkflow(tree)
                .violations(List.of(ran("A", 1, 2, 0, 10), ran("B", 3, 4, 11, 20), ran("C", 5, 6, 100, 101))));
    }

    @Test
    void onlyTheStartOfADelayedChainIsDelayed() {
        Step tree = withDelay(chain(rec("A"), rec("B")), 100);
        DagAssert.forWorkflow(tree).submittedAt(T0)
                .check(List.of(ran("A", 1, 2, 100, 110), ran("B", 3, 4, 111, 112)));
    }

    @Test
    void executionsWithInstantsOnlyAreOrderedByTheirInstants() {
        List<String> violations = DagAssert.forWorkflow(chain(rec("A"), rec("B"))).violations(List.of(
                Execution.ofInstants("A", T0, T0.plusMillis(10)), Execution.ofInstants("B", T0.plusMillis(5), T0.plusMillis(20))));
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("A → B: B started at"), violations.get(0));
    }

    @Test
    void labelsComeFromTheFirstArgumentOrFromTheCallersFunction() {
        Step tree = chain(job("Charge", "order-1"), job("Ship", "order-1"));
        assertThrows(IllegalArgumentException.class, () -> DagAssert.forWorkflow(tree).violations(List.of()),
                "two jobs with one label cannot be told apart");
        DagAssert.forWorkflow(tree).labelledBy(j -> j.name())
                .check(List.of(Execution.ofSequence("Charge", 1, 2), Execution.ofSequence("Ship", 3, 4)));
    }

    @Test
    void checkListsEveryViolationInOneError() {
        AssertionError error = assertThrows(AssertionError.class, () -> DagAssert.forWorkflow(chain(rec("A"), rec("B")))
                .check(List.of(Execution.ofSequence("B", 1, 2))));
        assertTrue(error.getMessage().startsWith("1 violation(s) of the workflow:\n  A never ran"), error.getMessage());
    }

    @Test
    void emptyChainsAndGroupsPassTheOrderThrough() {
        Step tree = chain(rec("A"), group(), chain(), group(chain()), rec("B"));
        DagAssert.forWorkflow(tree).check(List.of(Execution.ofSequence("A", 1, 2), Execution.ofSequence("B", 3, 4)));
        assertEquals(List.of("A → B: B started (seq 2) before A ended (seq 3)"), DagAssert.forWorkflow(tree)
                .violations(List.of(Execution.ofSequence("A", 1, 3), Execution.ofSequence("B", 2, 4))));
    }

    @Test
    void nestedDelaysAddUpOnTheFirstJobsOfTheDelayedStepOnly() {
        // B starts ≥ 300 ms after A (200 + 100), C ≥ 200 ms; D follows C without delay
        Step tree = chain(rec("A"), withDelay(group(withDelay(rec("B"), 100), chain(rec("C"), rec("D"))), 200));
        DagAssert dag = DagAssert.forWorkflow(tree);
        dag.check(List.of(ran("A", 1, 2, 0, 0), ran("B", 3, 4, 300, 300), ran("C", 5, 6, 200, 200),
                ran("D", 7, 8, 201, 201)));
        assertEquals(List.of("B started 250 ms after A; its delay is 300 ms"), dag.violations(List.of(ran("A", 1, 2, 0, 0),
                ran("B", 3, 4, 250, 250), ran("C", 5, 6, 200, 200), ran("D", 7, 8, 201, 201))));
    }

    @Test
    void theClocksGranularityIsToleratedARealShortfallIsNot() {
        DagAssert dag = DagAssert.forWorkflow(chain(rec("A"), withDelay(rec("B"), 1000)));
        dag.check(List.of(ran("A", 1, 2, 0, 100), ran("B", 3, 4, 1098, 1098)));
        assertEquals(1, dag.violations(List.of(ran("A", 1, 2, 0, 100), ran("B", 3, 4, 1094, 1094))).size());
    }

    @Test
    void jobsWithoutArgumentsMayBeLabelledByTheirNames() {
        Step seed = chain(job("Task1"), group(job("Task2"), rec("T3")), job("Task4"));
        assertThrows(IllegalArgumentException.class, () -> DagAssert.forWorkflow(seed).violations(List.of()),
                "by default a job needs an argument to be labelled");
        DagAssert dag = DagAssert.forWorkflow(seed).labelledBy(DagAssert::firstArgumentOrName);
        dag.check(List.of(Execution.ofSequence("Task1", 1, 2), Execution.ofSequence("Task2", 3, 5),
                Execution.ofSequence("T3", 4, 6), Execution.ofSequence("Task4", 7, 8)));
        assertEquals(List.of("T3 → Task4: Task4 started (seq 5) before T3 ended (seq 6)"), dag.violations(List.of(
                Execution.ofSequence("Task1", 1, 2), Execution.ofSequence("Task2", 3, 4),
                Execution.ofSequence("T3", 3, 6), Execution.ofSequence("Task4", 5, 8))));
    }
}
