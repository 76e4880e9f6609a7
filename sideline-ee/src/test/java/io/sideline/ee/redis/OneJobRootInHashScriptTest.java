package io.sideline.ee.redis;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunState;
import io.sideline.ee.runtime.Completion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A one-job run launched while every worker completes such runs keeps its root in its hash (x {@code r:<id>},
 * {@code R:<id>} once released; since 2026-12-05 session 14): no barrier key is written, read or deleted for it. Every
 * test of {@link OneJobGraphScriptTest} runs here too, on such runs.
 */
class OneJobRootInHashScriptTest extends OneJobGraphScriptTest {

    @Override
    ScriptFixture fixture() {
        ScriptFixture fixture = new ScriptFixture();
        fixture.scripts.rootsInHash(() -> true);
        return fixture;
    }

    @Override
    String launchedX() {
        return "r:root";
    }

    /** Every key of the fixture's prefix (the run's hash, the indexes, the queue...). */
    private TreeSet<String> keys() {
        return new TreeSet<>(f.redis.keys(f.prefix + "*"));
    }

    @Test
    void itsLaunchWritesNoBarrierKey() {
        f.launch("run-1", oneJob(), 1);

        assertFalse(f.redis.exists(f.keys.barrier("root")));
        assertEquals("RUNNING", run("state"));
    }

    @Test
    void itsCompletionEndsTheRunAndMarksTheRootReleasedInItsHashWithoutAKey() {
        f.launch("run-1", oneJob(), 1);
        TreeSet<String> before = keys();

        Completion done = completeRoot();

        assertTrue(done.endedRun());
        assertEquals("SUCCEEDED", run("state"));
        assertEquals("R:root", run("x"));
        assertEquals("1", run("jobs_done"));
        assertFalse(f.redis.exists(f.keys.barrier("root")), "no barrier key made by the release");
        TreeSet<String> made = keys();
        made.removeAll(before);
        assertTrue(made.stream().noneMatch(key -> key.contains("barrier")), "no barrier key made: " + made);
    }

    @Test
    void aLateDeliveryOfItsJobIsAcknowledgedAndChangesNothing() {
        f.launch("run-1", oneJob(), 1);
        completeRoot();
        Map<String, String> finished = f.redis.hgetAll(f.keys.run("run-1"));

        Completion again = completeRoot(); // delivered again: a reaper took it back from a slow worker

        assertEquals(Completion.done(0, null, false), again);
        assertEquals(List.of(), f.redis.lrange(f.keys.inProgress(ScriptFixture.WORKER), 0, -1), "acknowledged");
        assertEquals(finished, f.redis.hgetAll(f.keys.run("run-1")));
        assertEquals(Long.valueOf(1), Long.valueOf(f.redis.hget(f.keys.run("run-1"), "jobs_done")), "counted once");
    }

    @Test
    void itsJobFinishingAfterACancelReleasesTheRootInItsHashAndTheRunStaysCancelled() {
        f.launch("run-1", oneJob(), 1);
        fetch(); // running when the run is cancelled
        ControlResult cancelled = control().cancel("run-1");
        assertEquals(RunState.CANCELLED, cancelled.state(), cancelled.toString());

        f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, a, "jA", "run-1", true,
                ScriptArgs.Memory.NONE, null, List.of(new ScriptArgs.Level("root", null, true)), 0), ScriptFixture.TTLS);

        assertEquals("CANCELLED", run("state"), "the first end stands");
        assertEquals("R:root", run("x"));
        assertEquals("succeeded:jA", run("0"));
        assertFalse(f.redis.exists(f.keys.barrier("root")), "released in the hash: no key made");
    }
}
