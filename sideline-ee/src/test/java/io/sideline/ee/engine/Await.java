package io.sideline.ee.engine;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking it often; fails with a description when it never holds. */
public final class Await {

    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    public static <T> T value(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> ok) {
        Object[] last = new Object[1];
        until(what, timeout, () -> {
            last[0] = probe.get();
            return ok.test(probeCast(last[0]));
        });
        return probeCast(last[0]);
    }

    @SuppressWarnings("unchecked")
    private static <T> T probeCast(Object o) {
        return (T) o;
    }
}
