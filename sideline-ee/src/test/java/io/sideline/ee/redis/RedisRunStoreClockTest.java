package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, smaller holes: stalls are judged on one clock, Redis', the clock that stamped the run's progress. The
 * store's view of Redis' clock is shifted here by two hours (as a server whose own clock is off would see no
 * difference at all): the verdict follows the shift, so the server's clock plays no part.
 */
class RedisRunStoreClockTest {

    private static final long STALL_AFTER_MS = 3_600_000;
    private static final long TWO_HOURS_MS = 7_200_000;

    private ScriptFixture fx;
    private SidelineConfig config;

    @BeforeEach
    void launch() {
        fx = new ScriptFixture();
        config = SidelineConfig.read(Map.of(SidelineConfig.Keys.KEY_PREFIX, fx.prefix,
                SidelineConfig.Keys.STALL_AFTER, Long.toString(STALL_AFTER_MS))::get);
        fx.launch("run-1", ScriptFixture.plan(List.of(), List.of()), 1);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private RedisRunStore storeWithRedisClockShiftedBy(long offsetMs) {
        return new RedisRunStore(fx.redis, fx.scripts, fx.keys, config, () -> redisNow() + offsetMs);
    }

    private long redisNow() {
        return RedisRunStore.redisTimeMs(fx.redis);
    }

    @Test
    void aRunIsStalledOnceRedisClockIsPastItsProgressByTheStallTime() {
        RedisRunStore later = storeWithRedisClockShiftedBy(TWO_HOURS_MS);

        assertEquals(List.of("run-1"), later.stalled(STALL_AFTER_MS, 10));
        assertTrue(later.status("run-1").orElseThrow().stalled());
    }

    @Test
    void aFreshRunIsNotStalledOnRedisClock() {
        RedisRunStore now = new RedisRunStore(fx.redis, fx.scripts, fx.keys, config);

        assertEquals(List.of(), now.stalled(STALL_AFTER_MS, 10));
        assertFalse(now.status("run-1").orElseThrow().stalled());
        assertEquals(List.of(), storeWithRedisClockShiftedBy(-TWO_HOURS_MS).stalled(STALL_AFTER_MS, 10));
    }

    @Test
    void aRunsStatusJudgesByItsProgressThoughItsIndexScoreLags() {
        // complete.lua moves the index score once a second at most: it may lag progress_at by up to 999 ms. A run
        // whose last progress is 400 ms within the threshold is not stalled, though its score is 500 ms past it
        long progress = Long.parseLong(fx.redis.hget(fx.keys.run("run-1"), "progress_at"));
        fx.redis.zadd(fx.keys.running(), progress - 900, "run-1");
        RedisRunStore within = new RedisRunStore(fx.redis, fx.scripts, fx.keys, config, () -> progress + STALL_AFTER_MS - 400);

        assertFalse(within.status("run-1").orElseThrow().stalled(), "the status judges by the later of the two");

        RedisRunStore past = new RedisRunStore(fx.redis, fx.scripts, fx.keys, config, () -> progress + STALL_AFTER_MS + 200);
        assertTrue(past.status("run-1").orElseThrow().stalled(), "200 ms past the threshold by its progress");
    }

    @Test
    void aRunThatLeftTheRunningIndexBetweenTheTwoReadsIsNotStalled() {
        // what a status read sees when the run ends between its read of the hash (still RUNNING) and of its score:
        // the hash says RUNNING, the index no longer holds it; its progress_at is old
        fx.redis.zrem(fx.keys.running(), "run-1");
        RedisRunStore later = storeWithRedisClockShiftedBy(TWO_HOURS_MS);

        assertFalse(later.status("run-1").orElseThrow().stalled());
    }
}
