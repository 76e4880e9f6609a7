package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.config.SidelineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The injectable SidelineAdmin against the whole library (Weld SE, a real worker, a real Redis). */
class SidelineAdminTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private SidelineAdmin admin() {
        return engine.bean(SidelineAdmin.class);
    }

    private RunStatus awaitEnd(String runId) {
        return Await.value("run " + runId + " ends", WAIT, () -> engine.workflows().status(runId).orElseThrow(),
                s -> s.state() != RunState.RUNNING);
    }

    private List<String> runIds(RunState state) {
        return admin().runs(state, 50, null).items().stream().map(RunStatus::runId).toList();
    }

    @Test
    void finishedRunsAreListedUnderTheirStateNewestFirst() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.RETRY_MAX, "0"));
        String first = engine.workflows().run(chain(job(Rec.class, "a"), group(job(Rec.class, "b"), job(Rec.class, "c"))));
        awaitEnd(first);
        String failed = engine.workflows().run(chain(job(Flaky.class, "f", 1), job(Rec.class, "never")));
        awaitEnd(failed);
        String second = engine.workflows().run(job(Rec.class, "d"));
        awaitEnd(second);

        assertEquals(List.of(second, first), runIds(RunState.SUCCEEDED));
        assertEquals(List.of(failed), runIds(RunState.FAILED));
        assertTrue(runIds(RunState.RUNNING).isEmpty());
        assertEquals(List.of(second, failed, first), runIds(null));
        RunStatus listed = admin().runs(RunState.SUCCEEDED, 1, null).items().get(0);
        assertEquals(engine.workflows().status(second).orElseThrow(), listed);
    }

    @Test
    void aPausedQueueIsNotFetchedUntilResumedAndCountsAreFlushedWithTheHeartbeat() {
        engine = TestEngine.start(Map.of());
        String queue = engine.config.worker().queues().get(0);
        admin().pause(queue);
        awaitTwoHeartbeats(); // every fetcher now knows the queue is paused

        String runId = engine.workflows().run(job(Rec.class, "waits"));
        Await.until("the job waits in its queue", WAIT, () -> admin().queues().stream()
                .anyMatch(q -> q.name().equals(queue) && q.size() == 1 && q.paused()));
        awaitTwoHeartbeats(); // the fetchers have looked at the paused queue again, and left it alone
        assertEquals(RunState.RUNNING, engine.workflows().status(runId).orElseThrow().state());
        assertTrue(engine.log().of(runId).isEmpty(), "a paused queue's job does not run");

        admin().resume(queue);
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId).state());
        Await.until("the heartbeat flushes the count", WAIT, () -> admin().stats().processed() == 1);
        SidelineAdmin.JobStats stats = admin().stats();
        assertEquals(0, stats.failed());
        assertEquals(1, stats.history().stream().mapToLong(SidelineAdmin.MinuteCount::processed).sum());
    }

    @Test
    void theWorkerIsListedWithItsHeartbeat() {
        engine = TestEngine.start(Map.of());

        SidelineAdmin.WorkerInfo worker = Await.value("the worker beats", WAIT, () -> admin().workers(),
                w -> w.size() == 1 && w.get(0).lastHeartbeat() != null).get(0);

        assertEquals(engine.config.worker().queues(), worker.queues());
        assertEquals(engine.config.worker().concurrency(), worker.concurrency());
        assertEquals(ProcessHandle.current().pid(), worker.pid());
        assertNotNull(worker.host());
        assertEquals(0, worker.busy());
    }

    /** The job nodes of a graph, in document order. */
    private static List<jakarta.json.JsonObject> jobNodes(String graph) {
        List<jakarta.json.JsonObject> nodes = new java.util.ArrayList<>();
        collect(jakarta.json.Json.createReader(new java.io.StringReader(graph)).readValue(), nodes);
        return nodes;
    }

    private static void collect(jakarta.json.JsonValue v, List<jakarta.json.JsonObject> nodes) {
        if (v instanceof jakarta.json.JsonObject o) {
            if (o.containsKey("job")) {
                nodes.add(o);
            } else {
                o.values().forEach(child -> collect(child, nodes));
            }
        } else if (v instanceof jakarta.json.JsonArray a) {
            a.forEach(child -> collect(child, nodes));
        }
    }

    private static String label(jakarta.json.JsonObject node) {
        return node.getJsonArray("args").getString(0);
    }

    private static String stateOf(List<jakarta.json.JsonObject> nodes, String label) {
        return nodes.stream().filter(n -> label(n).equals(label)).findFirst().orElseThrow().getString("state");
    }

    @Test
    void aCancelledRunShowsEveryNodeItSkippedAsCancelled() {
        engine = TestEngine.startWith(Map.of(io.sideline.ee.config.SidelineConfig.Keys.CONCURRENCY, "1"),
                RunControlTest.Gate.class);
        String runId = engine.workflows().run(group(chain(job(RunControlTest.Gate.class, "graph-hold"),
                job(Rec.class, "next"), job(Rec.class, "after")), job(Rec.class, "queued"),
                io.sideline.ee.Sideline.withDelay(job(Rec.class, "late"), 60_000)));
        Await.until("the gate runs", WAIT, () -> RunControlTest.Gate.STARTED.contains("graph-hold"));

        engine.bean(io.sideline.ee.RunControl.class).cancel(runId);

        // the running job finishes; its successor is parked by its completion, the rest by the cancel
        List<jakarta.json.JsonObject> nodes = Await.value("the running job finished", WAIT,
                () -> jobNodes(admin().graph(runId).orElseThrow()), n -> stateOf(n, "graph-hold").equals("succeeded")
                        && stateOf(n, "next").equals("cancelled"));
        assertEquals("cancelled", stateOf(nodes, "queued"), "queued at the cancel");
        assertEquals("cancelled", stateOf(nodes, "late"), "scheduled at the cancel");
        assertEquals("cancelled", stateOf(nodes, "after"), "never planned: nothing of the run starts any more");
    }

    @Test
    void aRunsGraphIsItsTreeWithTheStateAndJidOfEveryJobNode() {
        engine = TestEngine.start(Map.of());
        String runId = engine.workflows().run(chain(job(Rec.class, "a"), group(job(Rec.class, "b"),
                chain(job(Rec.class, "c"), job(Rec.class, "d"))), job(Rec.class, "e")));
        awaitEnd(runId);

        List<jakarta.json.JsonObject> nodes = jobNodes(admin().graph(runId).orElseThrow());

        assertEquals(List.of("a", "b", "c", "d", "e"), nodes.stream().map(SidelineAdminTest::label).toList());
        for (jakarta.json.JsonObject node : nodes) {
            assertEquals("succeeded", node.getString("state"), node.toString());
            String ran = engine.log().of(runId).stream().filter(e -> e.label().equals(label(node))).findFirst()
                    .orElseThrow().jid();
            assertEquals(ran, node.getString("jid"), "the jid that ran as " + label(node));
        }
        assertTrue(admin().graph("no-such-run").isEmpty());
    }

    @Test
    void aGraphShowsDeadPendingScheduledAndRunningNodes() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.RETRY_MAX, "0"));
        String failed = engine.workflows().run(chain(job(Flaky.class, "f", 1), job(Rec.class, "never")));
        awaitEnd(failed);
        List<jakarta.json.JsonObject> nodes = jobNodes(admin().graph(failed).orElseThrow());
        assertEquals("dead", stateOf(nodes, "f"));
        assertEquals("pending", stateOf(nodes, "never"));
        assertTrue(nodes.get(1).isNull("jid"), "a node not planned has no jid yet");

        String live = engine.workflows().run(group(job(Rec.class, "slow", 60_000L),
                io.sideline.ee.Sideline.withDelay(job(Rec.class, "later"), 600_000)));
        List<jakarta.json.JsonObject> seen = Await.value("the slow job runs", WAIT,
                () -> jobNodes(admin().graph(live).orElseThrow()), n -> stateOf(n, "slow").equals("running"));
        assertEquals("scheduled", stateOf(seen, "later"));
    }

    @Test
    void aGroupOfManyJobsIsReadInPagesOfNodes() {
        engine = TestEngine.start(Map.of());
        List<io.sideline.ee.model.Step> members = new java.util.ArrayList<>();
        for (int i = 0; i < 2_100; i++) {
            members.add(job(Rec.class, "m" + i));
        }
        String runId = engine.workflows().run(group(members.toArray(io.sideline.ee.model.Step[]::new)));
        awaitEnd(runId);

        List<jakarta.json.JsonObject> nodes = jobNodes(admin().graph(runId).orElseThrow());

        assertEquals(2_100, nodes.size());
        assertEquals(2_100, nodes.stream().filter(n -> n.getString("state").equals("succeeded")).count());
        assertEquals(2_100, nodes.stream().map(n -> n.getString("jid")).distinct().count());
        // a run this big is started in bounded steps (staged): it is listed like any other
        assertTrue(admin().runs(RunState.SUCCEEDED, 10, null).items().stream().anyMatch(r -> r.runId().equals(runId)),
                "the staged run is in the index of SUCCEEDED runs");
    }

    /** Waits until this server's heartbeat has been written twice after now (its beat_at, on its own clock). */
    private void awaitTwoHeartbeats() {
        long from = System.currentTimeMillis();
        long[] seen = {0};
        Await.until("two heartbeats", WAIT, () -> {
            List<SidelineAdmin.WorkerInfo> workers = admin().workers();
            if (workers.isEmpty() || workers.get(0).lastHeartbeat() == null) {
                return false;
            }
            long beat = workers.get(0).lastHeartbeat().toEpochMilli();
            if (beat > from && seen[0] == 0) {
                seen[0] = beat;
            }
            return seen[0] > 0 && beat > seen[0];
        });
    }
}
