package io.sideline.ee.runtime;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.WithDelay;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Normalizer: what has nothing to wait for disappears before planning. */
class NormalizerTest {

    private static final Job A = Job.named("A");
    private static final Job B = Job.named("B");
    private static final Job NOOP = Job.named(Normalizer.NOOP_JOB);

    @Test
    void aJobIsKeptAsItIs() {
        assertSame(A, Normalizer.normalize(A).orElseThrow());
    }

    @Test
    void emptyChainsAndGroupsVanish() {
        assertEquals(Optional.of(Chain.of(A, B)), Normalizer.normalize(Chain.of(Chain.of(), A, Group.of(), B)));
        assertEquals(Optional.of(Group.of(A, B)), Normalizer.normalize(Group.of(A, Group.of(Chain.of()), B)));
    }

    @Test
    void aChainOrGroupOfOneBecomesItsStep() {
        assertEquals(Optional.of(A), Normalizer.normalize(Chain.of(A)));
        assertEquals(Optional.of(A), Normalizer.normalize(Group.of(A)));
        assertEquals(Optional.of(A), Normalizer.normalize(Chain.of(Group.of(), Chain.of(A), Group.of(Chain.of()))));
        assertEquals(Optional.of(Group.of(A, B)), Normalizer.normalize(Chain.of(Chain.of(), Group.of(A, B))));
    }

    @Test
    void aDelayAroundNothingBecomesADelayedNoopJob() {
        assertEquals("sideline.noop", Normalizer.NOOP_JOB);
        assertEquals(Optional.of(new WithDelay(NOOP, 500)), Normalizer.normalize(new WithDelay(Chain.of(), 500)));
        assertEquals(Optional.of(new WithDelay(NOOP, 500)),
                Normalizer.normalize(new WithDelay(Group.of(Chain.of(), Group.of()), 500)));
        assertEquals(Optional.of(Chain.of(A, new WithDelay(NOOP, 500), B)),
                Normalizer.normalize(Chain.of(A, new WithDelay(Group.of(), 500), B)), "the delay between A and B is kept");
    }

    @Test
    void aZeroDelayIsDropped() {
        assertEquals(Optional.of(A), Normalizer.normalize(new WithDelay(A, 0)));
        assertEquals(Optional.of(Chain.of(A, B)), Normalizer.normalize(new WithDelay(Chain.of(A, B), 0)));
        assertEquals(Optional.empty(), Normalizer.normalize(new WithDelay(Chain.of(), 0)));
    }

    @Test
    void nestedDelaysAreKeptAndTheirInsidesNormalized() {
        assertEquals(Optional.of(new WithDelay(new WithDelay(A, 500), 1_000)),
                Normalizer.normalize(new WithDelay(new WithDelay(Chain.of(A), 500), 1_000)));
        assertEquals(Optional.of(new WithDelay(new WithDelay(NOOP, 500), 1_000)),
                Normalizer.normalize(new WithDelay(new WithDelay(Group.of(), 500), 1_000)));
    }

    @Test
    void aTreeWithoutJobsOrDelaysIsEmpty() {
        assertEquals(Optional.empty(), Normalizer.normalize(Chain.of()));
        assertEquals(Optional.empty(), Normalizer.normalize(Group.of()));
        assertEquals(Optional.empty(), Normalizer.normalize(Chain.of(Group.of(Chain.of(), Group.of()), Chain.of())));
        assertEquals(Optional.empty(), Normalizer.normalize(Group.of(new WithDelay(Chain.of(), 0))));
    }

    @Test
    void normalizingTwiceChangesNothing() {
        var tree = Chain.of(Group.of(A, Chain.of()), new WithDelay(Group.of(), 300), Group.of(Chain.of(B), A));
        var once = Normalizer.normalize(tree).orElseThrow();
        assertEquals(Optional.of(once), Normalizer.normalize(once));
    }
}
