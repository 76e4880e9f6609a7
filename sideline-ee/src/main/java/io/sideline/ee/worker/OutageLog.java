package io.sideline.ee.worker;

import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * What one loop says about a Redis outage: its first failure at once, then at most one line a minute while the
 * outage lasts (with how long and how many attempts), and one line when Redis answers again. A loop retries
 * every second or so; a line per attempt would bury a long outage's log under thousands of identical lines.
 * Used by one thread at a time (its loop), so it needs no locking.
 */
final class OutageLog {

    private static final Logger LOG = Logger.getLogger(OutageLog.class.getName());
    /** At most one line per loop this often while an outage lasts: enough to see it go on, little to read. */
    static final long REPEAT_MS = 60_000;

    private final String who;
    private final LongSupplier clockMs;
    private long sinceMs = -1;
    private long lastLoggedMs;
    private long failures;

    OutageLog(String who, LongSupplier clockMs) {
        this.who = who;
        this.clockMs = clockMs;
    }

    /** A failed attempt: logged if it is the outage's first, or the last line is a minute old. */
    void failed(RuntimeException e) {
        long now = clockMs.getAsLong();
        failures++;
        if (sinceMs < 0) {
            sinceMs = now;
            lastLoggedMs = now;
            LOG.warning(() -> "sideline: " + who + ": " + e.getMessage() + " (retrying; logged once a minute while "
                    + "Redis stays unavailable)");
        } else if (now - lastLoggedMs >= REPEAT_MS) {
            lastLoggedMs = now;
            long seconds = (now - sinceMs) / 1_000;
            long attempts = failures;
            LOG.warning(() -> "sideline: " + who + ": Redis still unavailable after " + seconds + " s and " + attempts
                    + " attempts: " + e.getMessage());
        }
    }

    /** A successful attempt: ends the outage, with a line if one was logged. */
    void recovered() {
        if (sinceMs < 0) {
            return;
        }
        long seconds = (clockMs.getAsLong() - sinceMs) / 1_000;
        long attempts = failures;
        sinceMs = -1;
        failures = 0;
        LOG.info(() -> "sideline: " + who + ": Redis answers again after " + seconds + " s (" + attempts
                + " failed attempt(s))");
    }

    /** Whether an outage is going on (a failure not yet followed by a success). */
    boolean ongoing() {
        return sinceMs >= 0;
    }
}
