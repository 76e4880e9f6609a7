package io.sideline.ee.redis;

import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The run indexes (P runs, P runs:<state>) as launch, launch_many, complete, fail and ack write them. */
class RunIndexScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private Double score(String index, String runId) {
        return f.redis.zscore(index, runId);
    }

    private double startedAt(String runId) {
        return Double.parseDouble(f.redis.hget(f.keys.run(runId), "started_at"));
    }

    @Test
    void aLaunchIndexesTheRunAsRunningScoredByItsStart() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);

        assertFalse(f.redis.exists(f.keys.runsIndex()), "no index of all runs: the list of all merges the states'");
        assertEquals(startedAt("run-1"), score(f.keys.runsIndex("RUNNING"), "run-1"));
        assertNull(score(f.keys.runsIndex("SUCCEEDED"), "run-1"));
    }

    @Test
    void anEmptyWorkflowIsIndexedAsSucceededAtOnce() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 0);

        assertEquals("SUCCEEDED", f.redis.hget(f.keys.run("run-1"), "state"));
        assertNull(score(f.keys.runsIndex("RUNNING"), "run-1"));
        assertEquals(startedAt("run-1"), score(f.keys.runsIndex("SUCCEEDED"), "run-1"));
    }

    @Test
    void launchManyIndexesEveryRun() {
        f.scripts.launchMany(List.of(
                new ScriptArgs.RunLaunch("run-a", plan(List.of(new Plan.BarrierSpec("ra", 1, false,
                        io.sideline.ee.runtime.Continuation.NONE, true, "run-a")), List.of()), 1),
                new ScriptArgs.RunLaunch("run-b", plan(List.of(new Plan.BarrierSpec("rb", 1, false,
                        io.sideline.ee.runtime.Continuation.NONE, true, "run-b")), List.of()), 1)), ScriptFixture.TTLS);

        assertEquals(List.of("run-a", "run-b"), f.redis.zrange(f.keys.runsIndex("RUNNING"), 0, -1));
    }

    @Test
    void theCompletionThatReleasesTheRootMovesTheRunToSucceededOnce() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = payload("jA", "default");
        f.fetched(a);
        f.fetched(a);

        assertEquals(Completion.done(1, null, true), complete(a, "jA"));
        assertEquals(Completion.done(0, null, false), complete(a, "jA"), "a second delivery changes nothing");

        assertNull(score(f.keys.runsIndex("RUNNING"), "run-1"));
        assertEquals(startedAt("run-1"), score(f.keys.runsIndex("SUCCEEDED"), "run-1"));
    }

    @Test
    void aCompletionThatDoesNotFinishTheRunLeavesItRunning() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)),
                List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);

        f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, a, "jA", "run-1", true,
                ScriptArgs.Memory.NONE, null, List.of(new ScriptArgs.Level("g", null),
                new ScriptArgs.Level("root", null, true))), ScriptFixture.TTLS);

        assertEquals(startedAt("run-1"), score(f.keys.runsIndex("RUNNING"), "run-1"));
        assertNull(score(f.keys.runsIndex("SUCCEEDED"), "run-1"));
    }

    @Test
    void aDeadJobMovesItsRunToFailed() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = payload("jA", "default");
        f.fetched(a);

        f.scripts.fail(new ScriptArgs.Failure(ScriptFixture.WORKER, a, a, ScriptArgs.FailMode.DEAD, 0, "run-1"),
                new ScriptArgs.DeadLimits(100, 3600), ScriptFixture.RUN_TTL);

        assertNull(score(f.keys.runsIndex("RUNNING"), "run-1"));
        assertEquals(startedAt("run-1"), score(f.keys.runsIndex("FAILED"), "run-1"));
    }

    @Test
    void aFailedRunIsNotMovedToSucceededByALaterCompletion() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)),
                List.of()), 2);
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.fetched(b);
        f.scripts.fail(new ScriptArgs.Failure(ScriptFixture.WORKER, a, a, ScriptArgs.FailMode.DEAD, 0, "run-1"),
                new ScriptArgs.DeadLimits(100, 3600), ScriptFixture.RUN_TTL);
        f.redis.zadd(f.keys.runsIndex("RUNNING"), startedAt("run-1"), "run-1"); // as if a reader had not moved it yet

        complete(b, "jB");

        assertNull(score(f.keys.runsIndex("SUCCEEDED"), "run-1"), "the run is FAILED: it never enters SUCCEEDED");
    }

    @Test
    void theAtMostOnceAcknowledgementMovesTheRunToSucceeded() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = payload("jA", "default");
        f.fetched(a);

        f.scripts.ack(new ScriptArgs.Ack(ScriptFixture.WORKER, a, "run-1", true, true), ScriptFixture.RUN_TTL);

        assertNull(score(f.keys.runsIndex("RUNNING"), "run-1"));
        assertEquals(startedAt("run-1"), score(f.keys.runsIndex("SUCCEEDED"), "run-1"));
    }

    private Completion complete(String payload, String jid) {
        return f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, payload, jid, "run-1", true,
                ScriptArgs.Memory.NONE, null, List.of(new ScriptArgs.Level("root", null, true))), ScriptFixture.TTLS);
    }
}
