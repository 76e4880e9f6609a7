package io.sideline.ee.redis;

import io.sideline.ee.runtime.BarrierStore;
import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The run graph as the scripts write it (P nodes:<runId>) and the barrier's node another server reads back. */
class RunGraphScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private Plan launchPlan() {
        return new Plan(List.of(new Plan.BarrierSpec("root", 1, false, Continuation.NONE, true, "run-1"),
                new Plan.BarrierSpec("c1", 1, false, Continuation.parse("{\"job\":\"B\"}"), false, "run-1", 1)),
                List.of(new Plan.PlannedJob("default", 0, ScriptFixture.payload("jA", "default", 0),
                                new Plan.PlannedJob.Node("run-1", 0, "jA"))),
                List.of(), new java.util.TreeSet<>(), null, new Plan.Graph("run-1", "{\"chain\":[{\"job\":\"A\"},{\"job\":\"B\"}]}"));
    }

    @Test
    void theLaunchStoresTheTreeAndNotesEachPlannedJobNodeWithItsJid() {
        f.launch("run-1", launchPlan(), 2);

        String nodes = f.keys.nodes("run-1");
        assertEquals("{\"chain\":[{\"job\":\"A\"},{\"job\":\"B\"}]}", f.redis.hget(nodes, "graph"));
        assertEquals("queued:jA", f.redis.hget(nodes, "0"));
        assertNull(f.redis.hget(nodes, "j:jA"), "the job carries its node: no lookup field per job");
        assertNull(f.redis.hget(nodes, "1"), "B is not planned yet: pending");
        assertFalse(f.redis.ttl(nodes) < 0, "the graph expires with its run");
    }

    /** A run of id {@code runId} with job {@code jid} and tree {@code tree}. */
    private static Plan runPlan(String runId, String jid, String tree) {
        return new Plan(List.of(new Plan.BarrierSpec("root-" + runId, 1, false, Continuation.NONE, true, runId)),
                List.of(new Plan.PlannedJob("default", 0, ScriptFixture.payload(jid, "default", 0),
                        new Plan.PlannedJob.Node(runId, 0, jid))),
                List.of(), new java.util.TreeSet<>(), null, new Plan.Graph(runId, tree));
    }

    @Test
    void theTreeTravelsAsItsOwnArgumentAndABulkStartStoresEachRunsOwn() {
        String quoted = "{\"job\":\"A\",\"args\":[\"say \\\"hi\\\"\"]}"; // escapes must arrive as they were
        KeyList declared = new KeyList();
        String encoded = PlanEncoder.tailed(runPlan("run-1", "jA", quoted), "run-1", f.keys, 9).fill(declared, new ArgTail(12));
        assertFalse(encoded.contains("\"graph\""), "the plan names the argument, it does not carry the tree: " + encoded);

        f.scripts.launchMany(List.of(new ScriptArgs.RunLaunch("run-1", runPlan("run-1", "jA", quoted), 1, null),
                new ScriptArgs.RunLaunch("run-2", runPlan("run-2", "jB", "{\"job\":\"B\"}"), 1, null),
                new ScriptArgs.RunLaunch("run-3", new Plan(List.of(new Plan.BarrierSpec("root-run-3", 1, false,
                        Continuation.NONE, true, "run-3")), List.of()), 0, null)), ScriptFixture.TTLS);

        // one-job runs: each keeps its graph in its own hash (OneJobGraphScriptTest)
        assertEquals(quoted, f.redis.hget(f.keys.run("run-1"), "graph"));
        assertEquals("queued:jA", f.redis.hget(f.keys.run("run-1"), "0"));
        assertEquals("{\"job\":\"B\"}", f.redis.hget(f.keys.run("run-2"), "graph"));
        assertEquals("queued:jB", f.redis.hget(f.keys.run("run-2"), "0"));
        assertFalse(f.redis.exists(f.keys.nodes("run-3")), "a run without a tree has no graph");
    }

    @Test
    void aBarrierKeepsItsContinuationsFirstNodeForTheServerThatPlansIt() {
        f.launch("run-1", launchPlan(), 2);
        RedisBarrierStore store = new RedisBarrierStore(f.redis, f.scripts, f.keys);

        BarrierStore.Stored stored = store.stored("c1").orElseThrow();

        assertEquals(1, stored.node());
        assertEquals(Continuation.parse("{\"job\":\"B\"}"), stored.continuation());
        assertEquals(-1, store.stored("root").orElseThrow().node(), "a barrier without a continuation has no node");
    }

    @Test
    void completionAndFailureNoteTheNodeTheirPayloadCarries() {
        f.launch("run-1", launchPlan(), 2);
        String a = ScriptFixture.payload("jA", "default", 0);
        f.fetched(a);
        f.scripts.fail(new ScriptArgs.Failure(ScriptFixture.WORKER, a, a, ScriptArgs.FailMode.RETRY, 60_000, "run-1"),
                new ScriptArgs.DeadLimits(100, 3600), ScriptFixture.RUN_TTL);
        assertEquals("retrying:jA", f.redis.hget(f.keys.nodes("run-1"), "0"));

        f.fetched(a);
        f.complete(a, "jA", "c1", new Plan(List.of(), List.of(new Plan.PlannedJob("default", 0,
                ScriptFixture.payload("jB", "default", 1), new Plan.PlannedJob.Node("run-1", 1, "jB")))));

        assertEquals("succeeded:jA", f.redis.hget(f.keys.nodes("run-1"), "0"));
        assertEquals("queued:jB", f.redis.hget(f.keys.nodes("run-1"), "1"));
    }

    @Test
    void aJobOfARunLaunchedByAnOlderReleaseIsFoundByItsJid() {
        // an older release's launch: the graph maps 'j:<jid>' to the node and the payload carries no node
        f.launch("run-1", launchPlan(), 2);
        String nodes = f.keys.nodes("run-1");
        f.redis.hset(nodes, java.util.Map.of("j:jA", "0"));
        String a = ScriptFixture.payload("jA", "default");
        f.fetched(a);
        f.scripts.fail(new ScriptArgs.Failure(ScriptFixture.WORKER, a, a, ScriptArgs.FailMode.RETRY, 60_000, "run-1"),
                new ScriptArgs.DeadLimits(100, 3600), ScriptFixture.RUN_TTL);
        assertEquals("retrying:jA", f.redis.hget(nodes, "0"));

        f.fetched(a);
        f.complete(a, "jA", "c1", new Plan(List.of(), List.of(new Plan.PlannedJob("default", 0,
                ScriptFixture.payload("jB", "default", 1), new Plan.PlannedJob.Node("run-1", 1, "jB")))));
        assertEquals("succeeded:jA", f.redis.hget(nodes, "0"));
        assertEquals("queued:jB", f.redis.hget(nodes, "1"));
    }

    @Test
    void aFailureKeepsItsLastErrorBesideItsNodeCutAtACharacterBoundary() {
        f.launch("run-1", launchPlan(), 2);
        String a = ScriptFixture.payload("jA", "default", 0);
        String longMessage = "a" + "\u00e9".repeat(600); // 1,201 bytes: byte 1,001 continues an é
        f.fetched(a);
        f.scripts.fail(new ScriptArgs.Failure(ScriptFixture.WORKER, a, failed(a, 1, "java.io.IOException", "first"),
                ScriptArgs.FailMode.RETRY, 60_000, "run-1"), new ScriptArgs.DeadLimits(100, 3600), ScriptFixture.RUN_TTL);
        assertEquals("first", error("jA").getString("error_message"));

        f.fetched(a);
        f.scripts.fail(new ScriptArgs.Failure(ScriptFixture.WORKER, a, failed(a, 2, "java.lang.IllegalStateException",
                longMessage), ScriptArgs.FailMode.DEAD, 0, "run-1"), new ScriptArgs.DeadLimits(100, 3600),
                ScriptFixture.RUN_TTL);

        assertEquals("dead:jA", f.redis.hget(f.keys.nodes("run-1"), "0"));
        JsonObject error = error("jA");
        assertEquals("java.lang.IllegalStateException", error.getString("error_class"), "the last attempt's error");
        assertEquals(2, error.getInt("retry_count"));
        assertEquals("a" + "\u00e9".repeat(499) + "...", error.getString("error_message"),
                "at most 1,000 bytes of the message, never half a character");
    }

    @Test
    void aFailureOfAJobTheGraphDoesNotKnowLeavesNoError() {
        f.launch("run-1", launchPlan(), 2);
        String stranger = ScriptFixture.payload("jX", "default"); // no node, and no j:jX in the graph
        f.fetched(stranger);
        f.scripts.fail(new ScriptArgs.Failure(ScriptFixture.WORKER, stranger, failed(stranger, 1, "E", "boom"),
                ScriptArgs.FailMode.RETRY, 60_000, "run-1"), new ScriptArgs.DeadLimits(100, 3600), ScriptFixture.RUN_TTL);

        assertNull(f.redis.hget(f.keys.nodes("run-1"), "e:jX"));
    }

    /** The payload as the worker stores it after a failed attempt. */
    private static String failed(String payload, int retryCount, String errorClass, String message) {
        return payload.substring(0, payload.length() - 1) + ",\"retry_count\":" + retryCount + ",\"error_class\":\""
                + errorClass + "\",\"error_message\":\"" + message + "\"}";
    }

    private JsonObject error(String jid) {
        String stored = f.redis.hget(f.keys.nodes("run-1"), "e:" + jid);
        try (var reader = Json.createReader(new StringReader(stored))) {
            return reader.readObject();
        }
    }
}
