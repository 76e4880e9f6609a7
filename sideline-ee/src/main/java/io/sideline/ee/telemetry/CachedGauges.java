package io.sideline.ee.telemetry;

import io.sideline.ee.runtime.LiveGauges;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The gauges' Redis reading, taken at most once per {@code minAgeMs}: each metric reader's collection asks once for
 * all gauges (one batch callback), and two readers (a periodic exporter and a Prometheus scrape) or a quick second
 * collection reuse the last reading instead of reading Redis again. Nothing reads it per job.
 * <p>
 * The gauges are the same for every server (they are read from Redis), so only one server of the fleet reports
 * them: each refresh first takes or renews the reporter lease ({@link LiveGauges#reporting},
 * {@code sideline.metrics.reporter-lease-ms}: 2 minutes by default, above the usual collection intervals, a Prometheus
 * scrape or the SDK's 60 s export, so the server that reports keeps reporting; another takes over within it);
 * a server that does not hold it reads nothing more and reports no gauge point until it takes the lease over.
 */
final class CachedGauges {

    /** Well under any sensible export interval (the SDK's default is 60 s), so a reading is never older than one. */
    static final long MIN_AGE_MS = 5_000;

    private final LiveGauges source;
    private final long stallAfterMs;
    private final LongSupplier clock;
    private final long minAgeMs;
    private final long leaseMs;
    private Optional<LiveGauges.Snapshot> last;
    private long readAt;

    CachedGauges(LiveGauges source, long stallAfterMs, LongSupplier clock, long minAgeMs, long leaseMs) {
        this.source = source;
        this.stallAfterMs = stallAfterMs;
        this.clock = clock;
        this.minAgeMs = minAgeMs;
        this.leaseMs = leaseMs;
    }

    /**
     * The last reading if it is younger than the minimum age, else a new one (which may throw: Redis is down); empty
     * while another server reports the gauges.
     */
    synchronized Optional<LiveGauges.Snapshot> read() {
        long now = clock.getAsLong();
        if (last == null || now - readAt >= minAgeMs) {
            last = source.reporting(leaseMs) ? Optional.of(source.read(stallAfterMs)) : Optional.empty();
            readAt = now;
        }
        return last;
    }

    /** Hands the reporter lease on at once when this server holds it (it stops), instead of when it lapses. */
    void close() {
        try {
            source.stopReporting();
        } catch (RuntimeException redisDown) {
            // the lease then lapses on its own
        }
    }
}
