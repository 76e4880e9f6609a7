package io.sideline.ee.redis;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunState;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A one-job run keeps its graph in its own hash (since 2026-12-05 session 11): every script that writes its node or
 * its error writes there, and no {@code P nodes:<runId>} is made for it.
 */
class OneJobGraphScriptTest {

    private static final String TREE = "{\"job\":\"A\"}";

    final ScriptFixture f = fixture();
    /** jA as the planner writes it: of run-1, reporting to its root, graph node 0. */
    final String a = new PayloadCodec().encode(JobPayload.builder("T", "[]", "jA", "default")
            .run("run-1", List.of("root")).node(0).build());

    /** The fixture: launches write the root barrier's key here, keep it in the run's hash in a subclass. */
    ScriptFixture fixture() {
        return new ScriptFixture();
    }

    /** The run's x after its launch: its root barrier's key ({@code o:}), or its root kept in its hash ({@code r:}). */
    String launchedX() {
        return "o:root";
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** run-1: one job, jA, whose only barrier is the run's root. */
    Plan oneJob() {
        return new Plan(List.of(new Plan.BarrierSpec("root", 1, false, Continuation.NONE, true, "run-1")),
                List.of(new Plan.PlannedJob("default", 0, a, new Plan.PlannedJob.Node("run-1", 0, "jA"))),
                List.of(), new java.util.TreeSet<>(List.of("default")), null, new Plan.Graph("run-1", TREE));
    }

    /** A worker takes jA off its queue. */
    void fetch() {
        f.redis.rpop(f.keys.queue("default"));
        f.fetched(a);
    }

    String run(String field) {
        return f.redis.hget(f.keys.run("run-1"), field);
    }

    void assertNoGraphKey() {
        assertFalse(f.redis.exists(f.keys.nodes("run-1")), "a one-job run has no P nodes:<runId>");
    }

    Completion completeRoot() {
        fetch();
        return f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, a, "jA", "run-1", true,
                ScriptArgs.Memory.NONE, null, List.of(new ScriptArgs.Level("root", null, true)), 0), ScriptFixture.TTLS);
    }

    private void fail(ScriptArgs.FailMode mode, int retryCount, String message) {
        fetch();
        String stored = a.substring(0, a.length() - 1) + ",\"retry_count\":" + retryCount
                + ",\"error_class\":\"java.io.IOException\",\"error_message\":\"" + message + "\"}";
        f.scripts.fail(new ScriptArgs.Failure(ScriptFixture.WORKER, a, stored, mode, 60_000, "run-1"),
                new ScriptArgs.DeadLimits(100, 3600), ScriptFixture.RUN_TTL);
    }

    RedisRunControl control() {
        SidelineConfig config = SidelineConfig.read(Map.of(SidelineConfig.Keys.KEY_PREFIX, f.prefix)::get);
        return new RedisRunControl(f.redis, f.scripts, f.keys, config,
                new ParkSweep(f.redis, f.scripts, f.keys, 500, () -> { }));
    }

    @Test
    void itsLaunchWritesTheTreeAndTheQueuedNodeIntoTheRunsHash() {
        f.launch("run-1", oneJob(), 1);

        assertEquals(TREE, run("graph"));
        assertEquals("queued:jA", run("0"));
        assertEquals(launchedX(), run("x"), "the rule: a run whose hash has x is a one-job run");
        assertNoGraphKey();
        assertTrue(f.redis.ttl(f.keys.run("run-1")) > 0, "the graph lives with the run's hash");
    }

    @Test
    void aBulkStartWritesEachOneJobRunsGraphIntoItsHash() {
        f.scripts.launchMany(List.of(new ScriptArgs.RunLaunch("run-1", oneJob(), 1, null)), ScriptFixture.TTLS);

        assertEquals(TREE, run("graph"));
        assertEquals("queued:jA", run("0"));
        assertNoGraphKey();
    }

    @Test
    void itsCompletionEndsTheRunAndMarksItsNodeSucceededInTheSameHash() {
        f.launch("run-1", oneJob(), 1);

        assertTrue(completeRoot().endedRun());

        assertEquals("SUCCEEDED", run("state"));
        assertEquals("1", run("jobs_done"));
        assertEquals("succeeded:jA", run("0"));
        assertNoGraphKey();
    }

    @Test
    void aRetriedThenDeadJobShowsDeadWithItsLastErrorInTheRunsHash() {
        f.launch("run-1", oneJob(), 1);

        fail(ScriptArgs.FailMode.RETRY, 1, "first");
        assertEquals("retrying:jA", run("0"));
        assertTrue(run("e:jA").contains("\"first\""));

        fail(ScriptArgs.FailMode.DEAD, 2, "last");
        assertEquals("FAILED", run("state"));
        assertEquals("dead:jA", run("0"));
        assertTrue(run("e:jA").contains("\"last\""), run("e:jA"));
        assertNoGraphKey();
    }

    @Test
    void aRetryOfItsDeadJobShowsTheJobQueuedAgain() {
        f.launch("run-1", oneJob(), 1);
        fail(ScriptArgs.FailMode.DEAD, 0, "boom");

        ControlResult retried = control().retry("run-1");

        assertEquals(RunState.RUNNING, retried.state(), retried.toString());
        assertEquals("queued:jA", run("0"));
        assertNoGraphKey();
    }

    @Test
    void aCancelParksItsQueuedJobAndCancelsItsNodeInTheRunsHash() {
        f.launch("run-1", oneJob(), 1);

        ControlResult cancelled = control().cancel("run-1");

        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.CANCELLED, 1, ""), cancelled);
        assertEquals("cancelled:jA", run("0"));
        assertNoGraphKey();
    }

    @Test
    void aRunAnOlderReleaseStartedKeepsItsTreeInItsGraphAndGetsItsLaterNodeInItsHash() {
        // as main ce47a3d stored a one-job run: x in its hash, the tree and node 0 in P nodes:<runId>
        f.launch("run-1", oneJob(), 1);
        f.redis.hdel(f.keys.run("run-1"), "graph", "0");
        f.redis.hset(f.keys.nodes("run-1"), Map.of("graph", TREE, "0", "queued:jA"));

        completeRoot();

        assertEquals("succeeded:jA", run("0"), "this release writes a one-job run's node into its hash");
        assertEquals(TREE, f.redis.hget(f.keys.nodes("run-1"), "graph"));
        String shown = new RedisRunGraph(f.redis, f.keys).graph("run-1").orElseThrow();
        assertTrue(shown.contains("\"state\":\"succeeded\""), shown);
    }

    @Test
    void aRunOfManyJobsKeepsItsGraphInItsOwnKey() {
        Plan chain = new Plan(List.of(new Plan.BarrierSpec("root", 1, false, Continuation.NONE, true, "run-1"),
                new Plan.BarrierSpec("c1", 1, false, Continuation.parse("{\"job\":\"B\"}"), false, "run-1", 1)),
                oneJob().jobs(), List.of(), new java.util.TreeSet<>(), null,
                new Plan.Graph("run-1", "{\"chain\":[{\"job\":\"A\"},{\"job\":\"B\"}]}"));
        f.launch("run-1", chain, 2);

        assertNull(run("graph"));
        assertNull(run("0"));
        assertNull(run("x"));
        assertEquals("queued:jA", f.redis.hget(f.keys.nodes("run-1"), "0"));
    }
}
