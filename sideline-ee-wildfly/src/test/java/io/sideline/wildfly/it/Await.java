package io.sideline.wildfly.it;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition, never for a fixed time: polls {@code probe} until {@code done} holds, and fails
 * with the last value seen when the deadline passes. (Awaitility is not on this Maven mirror.)
 */
public final class Await {

    /** Short enough not to slow tests down, long enough not to hammer the server. */
    private static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e; // e.g. the server is not listening yet: keep polling until the deadline
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what
                        + (lastError == null ? "; last seen: " + last : ""), lastError);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }
}
