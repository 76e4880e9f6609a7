package io.sideline.benchmark.it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class StatsTest {

    @Test
    void theMedianOfAnOddAndAnEvenNumberOfRepetitions() {
        assertEquals(3.0, Stats.of(5, 1, 3).median());
        assertEquals(2.5, Stats.of(4, 1, 3, 2).median());
        assertEquals(1.0, Stats.of(4, 1, 3, 2).min());
        assertEquals(4.0, Stats.of(4, 1, 3, 2).max());
    }

    @Test
    void missingFiguresAreLeftOut() {
        assertEquals(2.0, Stats.of(Double.NaN, 2).median());
        assertFalse(Stats.of(Double.NaN).present());
        assertEquals("–", Stats.of().format(0));
    }

    @Test
    void formatShowsTheRangeOnlyForSeveralRepetitions() {
        assertEquals("1,235", Stats.of(1234.6).format(0));
        assertEquals("2.0 [1.0–3.0]", Stats.of(1, 2, 3).format(1));
    }
}
