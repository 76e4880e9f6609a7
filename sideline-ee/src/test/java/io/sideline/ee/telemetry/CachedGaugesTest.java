package io.sideline.ee.telemetry;

import io.sideline.ee.runtime.LiveGauges;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The gauges' Redis reading is taken at most once per minimum age, however often readers collect, and only by the
 * server that holds the fleet's reporter lease.
 */
class CachedGaugesTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong stallSeen = new AtomicLong();

    private LiveGauges.Snapshot read(long stallAfterMs) {
        reads.incrementAndGet();
        stallSeen.set(stallAfterMs);
        return new LiveGauges.Snapshot(List.of(), reads.get(), 0, Map.of());
    }

    @Test
    void aSecondCollectionWithinTheMinimumAgeReusesTheReading() {
        CachedGauges gauges = new CachedGauges(this::read, 777, now::get, 5_000, 120_000);
        LiveGauges.Snapshot first = gauges.read().orElseThrow();
        now.addAndGet(4_999);
        assertSame(first, gauges.read().orElseThrow());
        assertEquals(1, reads.get());
        now.addAndGet(1);
        assertEquals(2, gauges.read().orElseThrow().running(), "read again once the minimum age passed");
        assertEquals(777, stallSeen.get(), "with the configured stall threshold");
    }

    @Test
    void aFailedReadingIsNotCachedSoTheNextCollectionTriesAgain() {
        AtomicInteger calls = new AtomicInteger();
        CachedGauges gauges = new CachedGauges(stall -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("Redis down");
            }
            return read(stall);
        }, 0, now::get, 5_000, 120_000);
        assertThrows(IllegalStateException.class, gauges::read);
        assertEquals(1, gauges.read().orElseThrow().running());
    }

    @Test
    void aServerWithoutTheReporterLeaseReadsNothingElseAndReportsNoGaugeUntilItTakesTheLease() {
        AtomicBoolean held = new AtomicBoolean(false);
        AtomicLong leaseAsked = new AtomicLong();
        LiveGauges fleet = new LiveGauges() {
            @Override
            public Snapshot read(long stallAfterMs) {
                return CachedGaugesTest.this.read(stallAfterMs);
            }

            @Override
            public boolean reporting(long leaseMs) {
                leaseAsked.set(leaseMs);
                return held.get();
            }
        };
        CachedGauges gauges = new CachedGauges(fleet, 0, now::get, 5_000, 60_000);

        assertEquals(Optional.empty(), gauges.read(), "another server reports the gauges");
        assertEquals(0, reads.get(), "and this one read nothing of them from Redis");
        assertEquals(60_000, leaseAsked.get());

        held.set(true); // the reporter stopped and its lease lapsed
        now.addAndGet(5_000);
        assertEquals(1, gauges.read().orElseThrow().running(), "this server took the lease over and reports");
    }
}
