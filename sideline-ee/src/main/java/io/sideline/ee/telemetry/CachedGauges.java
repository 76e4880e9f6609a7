package io.sideline.ee.telemetry;

import io.sideline.ee.runtime.LiveGauges;

import java.util.function.LongSupplier;

/**
 * The gauges' Redis reading, taken at most once per {@code minAgeMs}: each metric reader's collection asks once for
 * all gauges (one batch callback), and two readers (a periodic exporter and a Prometheus scrape) or a quick second
 * collection reuse the last reading instead of reading Redis again. Nothing reads it per job.
 */
final class CachedGauges {

    /** Well under any sensible export interval (the SDK's default is 60 s), so a reading is never older than one. */
    static final long MIN_AGE_MS = 5_000;

    private final LiveGauges source;
    private final long stallAfterMs;
    private final LongSupplier clock;
    private final long minAgeMs;
    private LiveGauges.Snapshot last;
    private long readAt;

    CachedGauges(LiveGauges source, long stallAfterMs, LongSupplier clock, long minAgeMs) {
        this.source = source;
        this.stallAfterMs = stallAfterMs;
        this.clock = clock;
        this.minAgeMs = minAgeMs;
    }

    /** The last reading if it is younger than the minimum age, else a new one (which may throw: Redis is down). */
    synchronized LiveGauges.Snapshot read() {
        long now = clock.getAsLong();
        if (last == null || now - readAt >= minAgeMs) {
            last = source.read(stallAfterMs);
            readAt = now;
        }
        return last;
    }
}
