package io.sideline.ee.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The index of all runs that earlier releases wrote (P runs) is emptied in bounded steps and looked at again later. */
class OldRunsIndexTest {

    private final ScriptFixture f = new ScriptFixture();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final OldRunsIndex old = new OldRunsIndex(f.redis, f.keys, nanos::get);

    @AfterEach
    void close() {
        f.close();
    }

    private void preUpgradeEntries(int n, int from) {
        for (int i = from; i < from + n; i++) {
            f.redis.zadd(f.keys.runsIndex(), i, "run-" + i); // as a launch of an earlier release wrote them
        }
    }

    @Test
    void itsEntriesAreRemovedFiveHundredAStepUntilNoneIsLeft() {
        preUpgradeEntries(1_200, 0);

        assertEquals(500, old.trim());
        assertEquals(500, old.trim());
        assertEquals(200, old.trim());
        assertFalse(f.redis.exists(f.keys.runsIndex()));
    }

    @Test
    void onceEmptyItIsLookedAtAgainOnlyAfterTheRecheckForAServerOfTheOldReleaseStillWritingIt() {
        preUpgradeEntries(3, 0);
        assertEquals(3, old.trim());
        preUpgradeEntries(2, 10); // a server of the previous release, during the rolling upgrade

        assertEquals(0, old.trim(), "not looked at before the recheck");
        nanos.addAndGet(OldRunsIndex.RECHECK_NANOS);
        assertEquals(2, old.trim());
        assertFalse(f.redis.exists(f.keys.runsIndex()));
    }
}
