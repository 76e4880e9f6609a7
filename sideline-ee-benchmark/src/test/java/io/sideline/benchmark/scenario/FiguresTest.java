package io.sideline.benchmark.scenario;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FiguresTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] nanos = LongStream.rangeClosed(1, 100).map(i -> i * 1_000_000).toArray(); // 1..100 ms
        JsonObject d = Figures.distributionMs(nanos).build();
        assertEquals(100, d.getInt("samples"));
        assertEquals(50.0, d.getJsonNumber("p50_ms").doubleValue());
        assertEquals(99.0, d.getJsonNumber("p99_ms").doubleValue());
        assertEquals(100.0, d.getJsonNumber("max_ms").doubleValue());
        assertEquals(1.0, d.getJsonNumber("min_ms").doubleValue());
    }

    @Test
    void aSingleSampleIsEveryPercentile() {
        JsonObject d = Figures.distributionMs(new long[]{2_500_000}).build();
        assertEquals(2.5, d.getJsonNumber("p50_ms").doubleValue());
        assertEquals(2.5, d.getJsonNumber("p99_ms").doubleValue());
    }

    @Test
    void roundingKeepsTheGivenDecimalsAndMapsNonNumbersToMinusOne() {
        assertEquals(3.14, Figures.round(3.14159, 2));
        assertEquals(-1, Figures.round(Double.NaN, 2));
    }
}
