package io.sideline.benchmark.scenario;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import java.util.Arrays;

/** Small numeric helpers for the scenarios' JSON figures. */
final class Figures {

    private Figures() {
    }

    /** Rounded to {@code digits} decimals, for readable JSON. */
    static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return -1;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** Nearest-rank percentiles of durations given in nanoseconds, reported in milliseconds. */
    static JsonObjectBuilder distributionMs(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        JsonObjectBuilder out = Json.createObjectBuilder().add("samples", sorted.length);
        if (sorted.length == 0) {
            return out;
        }
        return out.add("min_ms", ms(sorted[0]))
                .add("p50_ms", ms(rank(sorted, 0.50)))
                .add("p90_ms", ms(rank(sorted, 0.90)))
                .add("p99_ms", ms(rank(sorted, 0.99)))
                .add("max_ms", ms(sorted[sorted.length - 1]))
                .add("mean_ms", ms((long) Arrays.stream(sorted).average().orElse(0)));
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6, 3);
    }
}
