package io.sideline.ee.model;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepTest {

    @Nested
    class JobValidation {

        @Test
        void nameIsRequired() {
            assertThrows(NullPointerException.class, () -> new Job(null, List.of(), null));
        }

        @Test
        void blankNameIsRejected() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Job(" \t", List.of(), null));
            assertTrue(e.getMessage().contains("job name must not be blank"), e.getMessage());
        }

        @Test
        void blankQueueIsRejectedButNullMeansDefaultQueue() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Job("send", List.of(), ""));
            assertTrue(e.getMessage().contains("queue name must not be blank"), e.getMessage());
            assertNull(new Job("send", List.of(), null).queue());
        }

        @Test
        void nullArgsBecomeAnEmptyList() {
            assertEquals(List.of(), new Job("send", null, null).args());
        }

        @Test
        void argsAreCopiedAndUnmodifiable() {
            List<Object> source = new ArrayList<>(List.of("a"));
            Job job = new Job("send", source, null);
            source.add("b");

            assertEquals(List.of("a"), job.args());
            assertThrows(UnsupportedOperationException.class, () -> job.args().add("c"));
        }

        @Test
        void argsMayContainNull() {
            Job job = Job.named("send", "a", null);
            assertEquals(Arrays.asList("a", null), job.args());
        }

        @Test
        void namedAndOnQueueBuildTheSameRecordAsTheConstructor() {
            assertEquals(new Job("send", List.of(1, "x"), "mail"), Job.named("send", 1, "x").onQueue("mail"));
            assertNull(Job.named("send").queue());
            assertEquals(List.of(), Job.named("send").args());
        }

        @Test
        void countsAsOneJob() {
            assertEquals(1, Job.named("send").jobCount());
        }

        @Test
        void equalityIsByValue() {
            assertEquals(Job.named("a", 1L), Job.named("a", 1L));
            assertNotEquals(Job.named("a", 1L), Job.named("a", 1L).onQueue("q"));
        }
    }

    @Nested
    class ChainAndGroupValidation {

        @Test
        void stepListIsRequired() {
            assertThrows(NullPointerException.class, () -> new Chain(null));
            assertThrows(NullPointerException.class, () -> new Group(null));
        }

        @Test
        void nullStepsAreRejected() {
            assertThrows(NullPointerException.class, () -> Chain.of(Job.named("a"), null));
            assertThrows(NullPointerException.class, () -> Group.of((Step) null));
        }

        @Test
        void stepsAreCopiedAndUnmodifiable() {
            List<Step> source = new ArrayList<>(List.of(Job.named("a")));
            Chain chain = new Chain(source);
            Group group = new Group(source);
            source.add(Job.named("b"));

            assertEquals(List.of(Job.named("a")), chain.steps());
            assertEquals(List.of(Job.named("a")), group.steps());
            assertThrows(UnsupportedOperationException.class, () -> chain.steps().add(Job.named("c")));
            assertThrows(UnsupportedOperationException.class, () -> group.steps().add(Job.named("c")));
        }

        @Test
        void emptyChainAndGroupAreLegalAndCountZeroJobs() {
            assertEquals(0, Chain.of().jobCount());
            assertEquals(0, Group.of().jobCount());
        }

        @Test
        void jobCountSumsTheWholeSubtree() {
            Step tree = Chain.of(
                    Job.named("a"),
                    Group.of(Job.named("b"), Job.named("c"), Chain.of()),
                    new WithDelay(Group.of(Job.named("d"), Job.named("e")), 100));
            assertEquals(5, tree.jobCount());
        }
    }

    @Nested
    class WithDelayValidation {

        @Test
        void stepIsRequired() {
            assertThrows(NullPointerException.class, () -> new WithDelay(null, 10));
        }

        @Test
        void negativeDelayIsRejected() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new WithDelay(Job.named("a"), -1));
            assertTrue(e.getMessage().contains("delay must not be negative"), e.getMessage());
        }

        @Test
        void zeroDelayIsLegal() {
            assertEquals(0, new WithDelay(Job.named("a"), 0).delayMs());
        }

        @Test
        void countsTheJobsOfTheDelayedStep() {
            assertEquals(2, new WithDelay(Chain.of(Job.named("a"), Job.named("b")), 5).jobCount());
        }
    }

    @Test
    void workflowRequiresARoot() {
        assertThrows(NullPointerException.class, () -> new Workflow(null));
    }

    @Test
    void unknownNamesTheStepClass() {
        IllegalStateException e = Step.unknown(Job.named("a"));
        assertTrue(e.getMessage().contains(Job.class.getName()), e.getMessage());
    }
}
