package io.sideline.ee.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jobs processed and failed by this process, counted in memory (Sidekiq's way: no Redis write per job) and flushed
 * to Redis with the heartbeat, per minute ({@link #drain}). The one source of job counts: the admin API's stats
 * read what the flushes wrote, and metrics read {@link #processed()} and {@link #failed()} here.
 * {@code processed} counts every job finished, failed or not; {@code failed} the failures (retried ones included).
 */
public final class JobCounters {

    private static final long MINUTE_MS = 60_000;

    /** The counts of one minute not yet flushed. */
    public record Counts(long processed, long failed) {
        Counts plus(Counts other) {
            return new Counts(processed + other.processed, failed + other.failed);
        }
    }

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Minute start (ms) to its counts not yet flushed; guarded by this. */
    private Map<Long, Counts> pending = new HashMap<>();

    /** Counts one finished job ({@code failed}: its attempt failed) at {@code nowMs}. */
    public void finished(boolean failed, long nowMs) {
        processed.incrementAndGet();
        if (failed) {
            this.failed.incrementAndGet();
        }
        Counts one = new Counts(1, failed ? 1 : 0);
        synchronized (this) {
            pending.merge(nowMs - nowMs % MINUTE_MS, one, Counts::plus);
        }
    }

    /** Takes the counts not yet flushed, by minute start (ms); {@link #restore} them when the flush fails. */
    public synchronized Map<Long, Counts> drain() {
        Map<Long, Counts> taken = pending;
        pending = new HashMap<>();
        return taken;
    }

    /** Puts back counts whose flush failed, so the next heartbeat writes them. */
    public synchronized void restore(Map<Long, Counts> unflushed) {
        unflushed.forEach((minute, counts) -> pending.merge(minute, counts, Counts::plus));
    }

    /** Jobs this process has finished since it started. */
    public long processed() {
        return processed.get();
    }

    /** Jobs whose attempt failed in this process since it started. */
    public long failed() {
        return failed.get();
    }
}
