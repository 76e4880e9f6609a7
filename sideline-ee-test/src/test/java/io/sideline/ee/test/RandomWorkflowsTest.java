package io.sideline.ee.test;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomWorkflowsTest {

    private static RandomWorkflows trees(long seed) {
        return RandomWorkflows.seeded(seed, label -> job("Rec", label));
    }

    @Test
    void aSeedReproducesItsTrees() {
        RandomWorkflows first = trees(42);
        RandomWorkflows second = trees(42);
        for (int i = 0; i < 5; i++) {
            assertEquals(first.next(20), second.next(20));
        }
    }

    @Test
    void treesStayWithinTheirJobBudgetAndLabelEachJobOnce() {
        RandomWorkflows random = trees(7);
        for (int i = 0; i < 200; i++) {
            Step tree = random.next(15);
            List<String> labels = new ArrayList<>();
            walk(tree, labels, new HashSet<>());
            assertTrue(labels.size() <= 15, labels.size() + " jobs in " + tree);
            assertEquals(labels.size(), new HashSet<>(labels).size(), "unique labels in " + tree);
            assertEquals(tree.jobCount(), labels.size());
        }
    }

    @Test
    void manyTreesCoverEveryKindOfStepIncludingDelayedEmptyOnes() {
        Set<String> kinds = new HashSet<>();
        RandomWorkflows random = trees(3);
        for (int i = 0; i < 200; i++) {
            walk(random.next(15), new ArrayList<>(), kinds);
        }
        assertEquals(Set.of("job", "chain", "group", "delay", "zero delay", "empty", "delayed empty"), kinds);
    }

    @Test
    void withoutDelaysEveryDelayIsZero() {
        Set<String> kinds = new HashSet<>();
        RandomWorkflows random = RandomWorkflows.seeded(3, label -> job("Rec", label), 0);
        for (int i = 0; i < 100; i++) {
            walk(random.next(15), new ArrayList<>(), kinds);
        }
        assertTrue(kinds.contains("zero delay") && !kinds.contains("delay"), kinds.toString());
    }

    @Test
    void aTreeNeedsRoomForAJob() {
        assertThrows(IllegalArgumentException.class, () -> trees(1).next(0));
    }

    private static void walk(Step step, List<String> labels, Set<String> kinds) {
        if (step instanceof Job job) {
            kinds.add("job");
            labels.add((String) job.args().get(0));
        } else if (step instanceof WithDelay delay) {
            kinds.add(delay.delayMs() == 0 ? "zero delay" : "delay");
            if (delay.step().jobCount() == 0 && delay.delayMs() > 0) {
                kinds.add("delayed empty");
            }
            walk(delay.step(), labels, kinds);
        } else if (step instanceof Chain chain) {
            kinds.add(chain.steps().isEmpty() ? "empty" : "chain");
            chain.steps().forEach(s -> walk(s, labels, kinds));
        } else if (step instanceof Group group) {
            kinds.add(group.steps().isEmpty() ? "empty" : "group");
            group.steps().forEach(s -> walk(s, labels, kinds));
        }
    }
}
