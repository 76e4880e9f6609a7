package io.sideline.ee.redis;

import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run whose only barrier is its root (a one-job run) has no key index, and the completion that finishes it collects
 * it (collect_or_gc in _common.lua): its keys go from the lease to retention in that call and it never enters the
 * collector's set. A run that fails, or a caller without the retention TTLs, still leaves it to the collector, which
 * finds the root through the run's hash; a run launched with an index (before this release) keeps the collector's path.
 */
class CollectAtEndTest {

    private static final ScriptArgs.Retention RETENTION = new ScriptArgs.Retention(5, 7, 9);

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void launchOneJob() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)),
                List.of(new Plan.PlannedJob("default", 0, ScriptFixture.payload("j1", "default")))), 1);
        f.fetched(ScriptFixture.payload("j1", "default"));
    }

    private void completeOneJob() {
        f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, ScriptFixture.payload("j1", "default"), "j1",
                "run-1", true, new ScriptArgs.Memory(f.memoryKey, ScriptFixture.RUN_TTL, false, Map.of("out", "1")),
                null, List.of(new ScriptArgs.Level("root", null, true)), null), ScriptFixture.TTLS);
    }

    @Test
    void aRunWhoseOnlyBarrierIsItsRootHasNoKeyIndexButItsEntryInItsHash() {
        launchOneJob();

        assertFalse(f.redis.exists(f.keys.runKeys("run-1")), "no key index: nothing to collect beyond known keys");
        assertEquals("o:root", f.redis.hget(f.keys.run("run-1"), "x"));
    }

    @Test
    void theCompletionThatFinishesItTurnsItsKeysDownToRetentionDeletesItsRootAndItNeverEntersTheCollector() {
        f.scripts.retainFinished(RETENTION);
        launchOneJob();

        completeOneJob();

        assertEquals("SUCCEEDED", f.redis.hget(f.keys.run("run-1"), "state"));
        assertNull(f.redis.zscore(f.keys.collector(), "run-1"), "collected already: not in the collector's set");
        long run = f.redis.ttl(f.keys.run("run-1"));
        long memory = f.redis.ttl(f.memoryKey);
        assertFalse(f.redis.exists(f.keys.barrier("root")), "nothing left to count: the root barrier is deleted");
        assertTrue(run > 0 && run <= 7, "the run's hash at run retention: " + run);
        assertTrue(memory > 0 && memory <= 9, "the run's memory at memory retention: " + memory);
        assertNotNull(f.redis.zscore(f.keys.runsIndex("SUCCEEDED"), "run-1"), "still listed for the admin API");
    }

    @Test
    void aLateDeliveryOfTheJobOfARunThatSucceededIsAcknowledgedAndChangesNothing() {
        f.scripts.retainFinished(RETENTION);
        launchOneJob();
        completeOneJob();
        Map<String, String> finished = f.redis.hgetAll(f.keys.run("run-1"));
        f.fetched(ScriptFixture.payload("j1", "default")); // delivered again (a reaper took it back from a slow worker)

        assertEquals(Completion.done(0, null, false), completeOneJobAgain());

        assertEquals(List.of(), f.redis.lrange(f.keys.inProgress(ScriptFixture.WORKER), 0, -1), "acknowledged");
        assertEquals(finished, f.redis.hgetAll(f.keys.run("run-1")), "the run is as its first delivery left it");
        assertFalse(f.redis.exists(f.keys.barrier("root")));
    }

    @Test
    void aJobWhoseBarrierIsMissingInARunThatHasNotSucceededIsStillReportedMissing() {
        launchOneJob();
        f.redis.del(f.keys.barrier("root"));

        assertEquals(Completion.missing("root"), completeOneJobAgain());

        assertEquals(List.of(ScriptFixture.payload("j1", "default")),
                f.redis.lrange(f.keys.inProgress(ScriptFixture.WORKER), 0, -1), "nothing changed");
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-1"), "state"));
    }

    private Completion completeOneJobAgain() {
        return f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, ScriptFixture.payload("j1", "default"),
                "j1", "run-1", true, new ScriptArgs.Memory(f.memoryKey, ScriptFixture.RUN_TTL, false, Map.of()),
                null, List.of(new ScriptArgs.Level("root", null, true)), null), ScriptFixture.TTLS);
    }

    @Test
    void withoutTheRetentionTtlsTheCollectorCollectsItFindingItsRootThroughItsHash() {
        launchOneJob(); // a caller that does not pass the retention TTLs (as a server of the previous release)

        completeOneJob();

        assertNotNull(f.redis.zscore(f.keys.collector(), "run-1"), "left to the collector");
        List<String> entries = f.scripts.readIndexes(List.of("run-1"), 500).get(0);
        assertEquals(List.of("o:root"), entries);
        assertEquals(List.of("done"), f.scripts.collect(List.of(new ScriptArgs.Collect("run-1", entries, true)),
                RETENTION));
        assertTrue(f.redis.ttl(f.keys.barrier("root")) <= 5, "the root barrier is collected too");
        assertTrue(f.redis.ttl(f.keys.run("run-1")) <= 7);
    }

    @Test
    void aRunLaunchedWithAKeyIndexBeforeThisReleaseIsLeftToTheCollector() {
        f.scripts.retainFinished(RETENTION);
        launchOneJob();
        f.redis.hdel(f.keys.run("run-1"), "x"); // as the previous release launched it: an index, no entry in its hash
        f.redis.sadd(f.keys.runKeys("run-1"), "o:root");

        completeOneJob();

        assertNotNull(f.redis.zscore(f.keys.collector(), "run-1"), "its index names its keys: the collector's");
        assertTrue(f.redis.ttl(f.keys.run("run-1")) > 7, "the lease until the collector turns it down");
        assertEquals(List.of("o:root"), f.scripts.readIndexes(List.of("run-1"), 500).get(0));
    }

    @Test
    void aRunWithMoreBarriersKeepsItsKeyIndexAndTheCollector() {
        f.scripts.retainFinished(RETENTION);
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)),
                List.of()), 2);

        assertNull(f.redis.hget(f.keys.run("run-1"), "x"));
        assertTrue(f.redis.smembers(f.keys.runKeys("run-1")).contains("o:root"));
    }
}
