package io.sideline.ee.runtime;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TreeCheck: workflows built in code are checked like parsed ones, with JSON paths in the messages. */
class TreeCheckTest {

    private static final Predicate<String> KNOWN = name -> !name.startsWith("Unknown");

    private static Job job(String name) {
        return Job.named(name);
    }

    private static InvalidWorkflowException refused(TreeCheck check, Step tree) {
        return assertThrows(InvalidWorkflowException.class, () -> check.check(tree));
    }

    @Test
    void anUnknownJobNameIsReportedWithItsPath() {
        TreeCheck check = new TreeCheck(KNOWN, 64, 1_000);

        InvalidWorkflowException e = refused(check, Chain.of(job("A"), Group.of(job("UnknownJob"), job("B"))));

        assertEquals("$.chain[1].group[0].job", e.path());
        assertTrue(e.getMessage().contains("UnknownJob"), e.getMessage());
        assertTrue(e.getMessage().startsWith("$.chain[1].group[0].job: "), e.getMessage());
    }

    @Test
    void pathsGoThroughDelaysAndNameTheFirstProblemInDocumentOrder() {
        TreeCheck check = new TreeCheck(KNOWN, 64, 1_000);

        assertEquals("$.job", refused(check, job("Unknown")).path());
        assertEquals("$.step.job", refused(check, new WithDelay(job("Unknown"), 10)).path());
        assertEquals("$.group[1].step.chain[0].job",
                refused(check, Group.of(job("A"), new WithDelay(Chain.of(job("Unknown1"), job("Unknown2")), 10))).path());
    }

    @Test
    void aTreeNestedDeeperThanTheLimitIsRefusedWhereItGetsTooDeep() {
        TreeCheck check = new TreeCheck(KNOWN, 3, 1_000);

        assertDoesNotThrow(() -> check.check(Chain.of(Group.of(job("A")))), "exactly 3 levels");
        InvalidWorkflowException e = refused(check, Chain.of(job("A"), Group.of(Chain.of(job("B")))));

        assertEquals("$.chain[1].group[0].chain[0]", e.path());
        assertTrue(e.getMessage().contains("deeper than 3"), e.getMessage());
        assertEquals("$.step.step.step", refused(check, new WithDelay(new WithDelay(new WithDelay(job("A"), 1), 1), 1)).path());
    }

    @Test
    void aTreeWithMoreJobsThanTheLimitIsRefusedAtTheRoot() {
        TreeCheck check = new TreeCheck(KNOWN, 64, 3);

        assertDoesNotThrow(() -> check.check(Group.of(job("A"), job("B"), Chain.of(), job("C"))), "exactly 3 jobs");
        InvalidWorkflowException e = refused(check, Chain.of(job("A"), Group.of(job("B"), job("C"), job("D"))));

        assertEquals("$", e.path());
        assertTrue(e.getMessage().contains("4 jobs") && e.getMessage().contains("limit is 3"), e.getMessage());
    }

    @Test
    void emptyChainsAndGroupsAreAccepted() {
        assertDoesNotThrow(() -> new TreeCheck(KNOWN, 64, 0).check(Chain.of(Group.of(), Chain.of())));
    }

    @Test
    void aWideTreeIsNotTooDeep() {
        List<Step> members = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            members.add(job("A"));
        }
        assertDoesNotThrow(() -> new TreeCheck(KNOWN, 2, 5_000).check(new Group(members)));
    }

    /** The same tree refused by its JSON form is refused at the same place when built in code. */
    @Test
    void pathsMatchThoseOfTheJsonParser() {
        WorkflowJson writer = new WorkflowJson();
        List<Step> trees = List.of(
                Chain.of(job("A"), Group.of(job("UnknownJob"), job("B"))),
                Group.of(job("A"), new WithDelay(Chain.of(job("Unknown1"), job("B")), 10)),
                Chain.of(job("A"), Group.of(Chain.of(job("B")))),
                new WithDelay(new WithDelay(new WithDelay(job("A"), 1), 1), 1));
        for (Step tree : trees) {
            InvalidWorkflowException inCode = refused(new TreeCheck(KNOWN, 3, 1_000), tree);
            InvalidWorkflowException parsed = assertThrows(InvalidWorkflowException.class,
                    () -> new WorkflowJson(KNOWN, 3, 1_000).parse(writer.format(tree)));
            assertEquals(parsed.path(), inCode.path(), writer.format(tree));
        }
    }

    @Test
    void nestedDelaysWhoseSumOverflowsALongAreRefusedWhereTheyOverflow() {
        TreeCheck check = new TreeCheck(KNOWN, 64, 1_000);
        Step tree = Chain.of(job("A"), Group.of(new WithDelay(new WithDelay(job("B"), Long.MAX_VALUE - 10), 100)));

        InvalidWorkflowException e = refused(check, tree);

        assertEquals("$.chain[1].group[0].step.delay", e.path());
        assertTrue(e.getMessage().contains("add up to more than"), e.getMessage());
    }

    @Test
    void delaysAddingUpToMoreThanTheMaximumRunAgeAreRefused() {
        TreeCheck check = new TreeCheck(KNOWN, 64, 1_000, 1_000);

        assertDoesNotThrow(() -> check.check(new WithDelay(new WithDelay(job("A"), 400), 600)), "exactly the limit");
        assertDoesNotThrow(() -> check.check(Group.of(new WithDelay(job("A"), 900), new WithDelay(job("B"), 900))),
                "a group's members wait side by side");
        assertEquals("$.step.delay", refused(check, new WithDelay(new WithDelay(job("A"), 401), 600)).path());
        InvalidWorkflowException e = refused(check, Chain.of(new WithDelay(job("A"), 600),
                Group.of(job("B"), new WithDelay(job("C"), 401))));
        assertEquals("$.chain[1].group[1].delay", e.path(), "a chain's delays follow one another");
        assertTrue(e.getMessage().contains("1001 ms") && e.getMessage().contains("sideline.run.max-age"), e.getMessage());
    }

    @Test
    void theReservedNoOpJobIsRefusedEvenWhereJobNamesAreKnown() {
        TreeCheck check = new TreeCheck(name -> true, 64, 1_000);

        InvalidWorkflowException e = refused(check, Chain.of(job("A"), new WithDelay(job(Normalizer.NOOP_JOB), 10)));

        assertEquals("$.chain[1].step.job", e.path());
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @Test
    void queueNamesOutsideTheRuleAreRefusedWithTheirPath() {
        TreeCheck check = new TreeCheck(KNOWN, 64, 1_000);

        for (String good : List.of("default", "mail.v2", "A-b_c.9", "q".repeat(64))) {
            assertDoesNotThrow(() -> check.check(job("A").onQueue(good)), good);
        }
        for (String bad : List.of("q".repeat(65), "two words", "a,b", "queue:x", "{tag}", "caf\u00e9", "x\n")) {
            InvalidWorkflowException e = refused(check, Group.of(job("A"), job("B").onQueue(bad)));
            assertEquals("$.group[1].queue", e.path(), bad);
        }
    }
}
