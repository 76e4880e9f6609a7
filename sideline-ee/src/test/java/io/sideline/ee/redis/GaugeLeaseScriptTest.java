package io.sideline.ee.redis;

import io.sideline.ee.engine.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gauge_lease.lua on a real Redis: one server of the fleet holds the gauge-reporter lease at a time. */
class GaugeLeaseScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theFirstServerTakesTheLeaseKeepsItByRenewingAndAnotherGetsItOnlyOnceItLapsed() {
        RedisGauges first = new RedisGauges(f.redis, f.keys);
        RedisGauges second = new RedisGauges(f.redis, f.keys);

        assertTrue(first.reporting(60_000), "the first to refresh takes the lease");
        assertFalse(second.reporting(60_000), "the second reports nothing while the first holds it");
        f.redis.pexpire(f.keys.gaugeReporter(), 1_000);
        assertTrue(first.reporting(60_000), "the holder renews");
        assertTrue(f.redis.pttl(f.keys.gaugeReporter()) > 1_000, "to the full lease");
        assertFalse(second.reporting(60_000));

        assertTrue(first.reporting(50)); // then the first stops refreshing: its lease lapses
        Await.until("the second took the lapsed lease over", Duration.ofSeconds(5), () -> second.reporting(60_000));
        assertFalse(first.reporting(60_000), "the first, back, does not take it back");
    }

    @Test
    void aHolderThatStopsHandsTheLeaseOnAtOnceAndAStopOfAnotherServerReleasesNothing() {
        RedisGauges first = new RedisGauges(f.redis, f.keys);
        RedisGauges second = new RedisGauges(f.redis, f.keys);
        assertTrue(first.reporting(60_000));

        second.stopReporting();
        assertFalse(second.reporting(60_000), "a server that does not hold the lease cannot release it");

        first.stopReporting();
        assertTrue(second.reporting(60_000), "the holder stopped: the next refresh takes the lease at once");
    }
}
