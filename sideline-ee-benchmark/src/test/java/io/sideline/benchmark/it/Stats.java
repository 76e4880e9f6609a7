package io.sideline.benchmark.it;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Median, minimum and maximum over the repetitions of a figure. */
record Stats(double median, double min, double max, int n) {

    static <T> Stats of(List<T> items, ToDoubleFunction<T> figure) {
        double[] values = items.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int mid = values.length / 2;
        double median = values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        return new Stats(median, values[0], values[values.length - 1], values.length);
    }

    static Stats of(double... values) {
        return of(Arrays.stream(values).boxed().toList(), Double::doubleValue);
    }

    boolean present() {
        return n > 0;
    }

    /** "12,345 [11,900–12,800]" with the given decimals; just the value for a single repetition. */
    String format(int decimals) {
        if (!present()) {
            return "–";
        }
        String pattern = "%,." + decimals + "f";
        String median = String.format(pattern, this.median);
        return n == 1 ? median : median + " [" + String.format(pattern, min) + "–" + String.format(pattern, max) + "]";
    }
}
