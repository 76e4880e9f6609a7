package io.sideline.chaos.it;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for conditions, never for fixed times: polls until the condition holds or the deadline passes. */
final class Await {

    private static final long POLL_NANOS = Duration.ofMillis(100).toNanos();

    private Await() {
    }

    /** True when {@code condition} held before {@code timeout}; exceptions of the probe count as "not yet". */
    static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // e.g. a server still starting: keep polling
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Like {@link #until} but fails naming {@code what} and the last value {@code state} reports. */
    static void require(String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        if (!until(timeout, condition)) {
            Object last;
            try {
                last = state.get();
            } catch (RuntimeException e) {
                last = e.toString();
            }
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
        }
    }

    static void require(String what, Duration timeout, BooleanSupplier condition) {
        require(what, timeout, condition, () -> "-");
    }
}
