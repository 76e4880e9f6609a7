package io.sideline.ee.test;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition, never for a fixed time: polls a probe until it holds or the deadline passes. A probe
 * that throws counts as "not yet" (a server still starting), and the failure names what was awaited and the
 * last value seen.
 */
public final class Await {

    /** Short enough not to slow tests down, long enough not to hammer a server. */
    private static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    /**
     * Polls {@code probe} until {@code done} holds for its value and returns that value.
     *
     * @throws AssertionError after {@code timeout}, naming {@code what} and the last value or error seen
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        Polled<T> polled = poll(timeout, probe, done);
        if (!polled.met()) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what
                    + (polled.error() == null ? "; last seen: " + polled.last() : ""), polled.error());
        }
        return polled.last();
    }

    /** Whether {@code condition} held before {@code timeout}: for callers that count or report a miss. */
    public static boolean holds(Duration timeout, BooleanSupplier condition) {
        return poll(timeout, condition::getAsBoolean, Boolean::booleanValue).met();
    }

    /** The end of a wait: whether the condition was met, the last value seen, the probe's last error. */
    private record Polled<T>(boolean met, T last, RuntimeException error) {
    }

    /** A probe that throws a RuntimeException counts as "not yet"; an Error (a failed assertion) ends the wait. */
    private static <T> Polled<T> poll(Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return new Polled<>(true, last, null);
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline > 0) {
                return new Polled<>(false, last, lastError);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @throws AssertionError after {@code timeout}, naming {@code what} and what {@code state} reports then
     */
    public static void require(String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        if (!holds(timeout, condition)) {
            Object last;
            try {
                last = state.get();
            } catch (RuntimeException e) {
                last = e.toString();
            }
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
        }
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void require(String what, Duration timeout, BooleanSupplier condition) {
        require(what, timeout, condition, () -> "-");
    }
}
