package io.sideline.benchmark.it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a scenario's keys made Redis double its table of keys (PairIT's keyspace_doubled). */
class PairITKeyspaceTest {

    @Test
    void aScenarioThatReachesAPowerOfTwoDoublesTheTable() {
        // session 19's long form: the new side's group11 went from 250,009 to 280,009 keys, past 2^18
        assertTrue(PairIT.passesPowerOfTwo(250_009, 280_009));
        assertTrue(PairIT.passesPowerOfTwo(262_143, 262_144), "the table grows when the count reaches its size");
        assertTrue(PairIT.passesPowerOfTwo(3, 100_008), "past several at once");
    }

    @Test
    void aScenarioBetweenTwoPowersOfTwoDoesNot() {
        // the old side's group11 of the same round: 445,003 to 470,003, between 2^18 and 2^19
        assertFalse(PairIT.passesPowerOfTwo(445_003, 470_003));
        assertFalse(PairIT.passesPowerOfTwo(262_144, 300_000), "already grown at 262,144");
        assertFalse(PairIT.passesPowerOfTwo(3, 7), "small tables are left out");
    }
}
