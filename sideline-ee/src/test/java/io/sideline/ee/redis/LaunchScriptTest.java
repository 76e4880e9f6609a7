package io.sideline.ee.redis;

import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.testing.CommandLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** launch.lua, launch_many.lua and push.lua: starting runs (and jobs of no run) atomically, on a real Redis. */
class LaunchScriptTest {

    final ScriptFixture f = fixture();

    /** The fixture the tests run on: one Redis here, a cluster in a subclass. */
    ScriptFixture fixture() {
        return new ScriptFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** One job under the run's root barrier. */
    private static Plan oneJob(String runId, String jid) {
        return oneJob(runId, jid, "default");
    }

    private static Plan oneJob(String runId, String jid, String queue) {
        return new Plan(List.of(new Plan.BarrierSpec("root-" + runId, 1, false, Continuation.NONE, true, runId)),
                List.of(new Plan.PlannedJob(queue, 0, payload(jid, queue))));
    }

    private static final ScriptArgs.Ttls TTLS = new ScriptArgs.Ttls(600, 3_600);

    private ScriptArgs.RunLaunch run(String runId, String jid) {
        return new ScriptArgs.RunLaunch(runId, oneJob(runId, jid), 1);
    }

    @Test
    void launchWritesTheRunItsBarriersItsJobsAndItsSeededMemoryInOneStep() {
        long jobs = f.scripts.launch(run("run-1", "jA"), TTLS,
                new ScriptArgs.Memory(f.memoryKey, 120, false, Map.of("doc", "\"d-1\""))).jobs();

        assertEquals(1, jobs);
        Map<String, String> run = f.redis.hgetAll(f.keys.run("run-1"));
        assertEquals("RUNNING", run.get("state"));
        assertEquals("1", run.get("jobs_total"));
        assertTrue(f.redis.ttl(f.keys.run("run-1")) > 3_000);
        assertEquals("1", f.redis.hget(f.keys.barrier("root-run-1"), "root"));
        assertEquals(List.of(payload("jA", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1));
        assertEquals("\"d-1\"", f.redis.hget(f.memoryKey, "doc"));
        assertTrue(f.redis.zscore(f.keys.running(), "run-1") != null, "indexed as running");
    }

    @Test
    void launchRefusesARunIdThatIsTakenAndWritesNothing() {
        f.scripts.launch(run("run-1", "jA"), TTLS, ScriptArgs.Memory.NONE);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.scripts.launch(
                run("run-1", "jB"), TTLS, ScriptArgs.Memory.NONE));

        assertTrue(e.getMessage().contains("run exists"), e.getMessage());
        assertEquals(List.of(payload("jA", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1));
    }

    @Test
    void launchManyStartsEveryRunAsLaunchWould() {
        long jobs = f.scripts.launchMany(List.of(run("run-1", "jA"), run("run-2", "jB"), run("run-3", "jC")), TTLS).jobs();

        assertEquals(3, jobs);
        for (String runId : List.of("run-1", "run-2", "run-3")) {
            assertEquals("RUNNING", f.redis.hget(f.keys.run(runId), "state"), runId);
            assertEquals("1", f.redis.hget(f.keys.run(runId), "jobs_total"), runId);
            assertTrue(f.redis.ttl(f.keys.run(runId)) > 3_000, runId);
            assertEquals("1", f.redis.hget(f.keys.barrier("root-" + runId), "root"), runId);
        }
        assertEquals(List.of(payload("jC", "default"), payload("jB", "default"), payload("jA", "default")),
                f.redis.lrange(f.keys.queue("default"), 0, -1), "enqueued in order: the first run's job is fetched first");
    }

    @Test
    void launchManyPushesItsRunsJobsWithOneLpushPerQueueInTheOrderOfTheRuns() {
        assumeTrue(getClass() == LaunchScriptTest.class, "counts the commands of one Redis (MONITOR)");
        List<ScriptArgs.RunLaunch> runs = new ArrayList<>();
        List<String> queues = List.of("default", "default", "default", "other", "other", "default", "default");
        for (int i = 0; i < queues.size(); i++) {
            runs.add(new ScriptArgs.RunLaunch("run-" + i, oneJob("run-" + i, "j" + i, queues.get(i)), 1));
        }

        List<String> pushes;
        List<String> named;
        try (CommandLog log = new CommandLog()) {
            assertEquals(7, f.scripts.launchMany(runs, TTLS).jobs());
            pushes = log.mentioning("\"LPUSH\"");
            named = log.mentioning("\"SADD\" \"" + f.keys.queues() + "\"");
        }

        assertEquals(List.of(payload("j6", "default"), payload("j5", "default"), payload("j2", "default"),
                payload("j1", "default"), payload("j0", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1),
                "the first run's job is fetched first");
        assertEquals(List.of(payload("j4", "other"), payload("j3", "other")), f.redis.lrange(f.keys.queue("other"), 0, -1));
        assertEquals(2, pushes.size(), "one LPUSH per queue: " + pushes);
        assertEquals(3, named.size(), "a queue is named again only after another: " + named);
    }

    @Test
    void launchManyFinishesAnEmptyWorkflowAtOnce() {
        f.scripts.launchMany(List.of(new ScriptArgs.RunLaunch("run-empty", plan(List.of(), List.of()), 0)),
                TTLS);

        assertEquals("SUCCEEDED", f.redis.hget(f.keys.run("run-empty"), "state"));
        assertTrue(f.redis.zscore(f.keys.running(), "run-empty") == null, "not indexed as running");
    }

    @Test
    void launchManyWritesNothingWhenOneRunIdIsTaken() {
        f.scripts.launchMany(List.of(run("run-2", "jB")), TTLS);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> f.scripts.launchMany(List.of(run("run-1", "jA"), run("run-2", "jB2"), run("run-3", "jC")), TTLS));

        assertTrue(e.getMessage().contains("run exists: run-2"), e.getMessage());
        assertFalse(f.redis.exists(f.keys.run("run-1")));
        assertFalse(f.redis.exists(f.keys.run("run-3")));
        assertEquals(List.of(payload("jB", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1));
    }

    @Test
    void aStoredChainIsWrittenInOrderAndLivesAsLongAsTheBarrierThatRefersToIt() {
        String ref = new io.sideline.ee.runtime.ChainRef("ch-1", 0, 3).text();
        Plan plan = new Plan(List.of(barrier("root", 1, false, "", true), barrier("c1", 1, false, ref, false)),
                List.of(new Plan.PlannedJob("default", 0, payload("jA", "default"))),
                List.of(new Plan.ChainSpec("ch-1", List.of("{\"job\":\"B\"}", "{\"job\":\"C\"}", "{\"job\":\"D\"}"))));

        f.scripts.launch(new ScriptArgs.RunLaunch("run-1", plan, 4), TTLS, ScriptArgs.Memory.NONE);

        assertEquals(List.of("{\"job\":\"B\"}", "{\"job\":\"C\"}", "{\"job\":\"D\"}"), f.redis.lrange(f.keys.chain("ch-1"), 0, -1));
        assertEquals(ref, f.redis.hget(f.keys.barrier("c1"), "continuation"));
        long ttl = f.redis.ttl(f.keys.chain("ch-1"));
        assertTrue(ttl > 590 && ttl <= 600, "chain TTL " + ttl);
    }

    @Test
    void pushEnqueuesJobsOfNoRunInTheirQueuesInOrderAndRecordsNoRun() {
        Plan jobs = new Plan(List.of(), List.of(new Plan.PlannedJob("default", 0, payload("j1", "default")),
                new Plan.PlannedJob("critical", 0, payload("j2", "critical")),
                new Plan.PlannedJob("default", 0, payload("j3", "default"))));

        assertEquals(3, f.scripts.enqueueJobs(jobs.jobs(), List.of(), List.of()).jobs());

        assertEquals(List.of(payload("j3", "default"), payload("j1", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1),
                "j1 is fetched first");
        assertEquals(List.of(payload("j2", "critical")), f.redis.lrange(f.keys.queue("critical"), 0, -1));
        assertEquals(java.util.Set.of("default", "critical"), f.redis.smembers(f.keys.queues()));
        assertTrue(f.redis.keys(f.prefix + "*run:*").isEmpty());
    }

    @Test
    void aBarrierOfTheBatchGetsItsTtl() {
        f.scripts.launchMany(List.of(new ScriptArgs.RunLaunch("run-1", plan(
                List.of(barrier("root", 1, false, "", true), barrier("c1", 1, false, "{\"job\":\"B\"}", false)),
                List.of(new Plan.PlannedJob("default", 0, payload("jA", "default")))), 2)), TTLS);

        long ttl = f.redis.ttl(f.keys.barrier("c1"));
        assertTrue(ttl > 500 && ttl <= 600, "barrier TTL " + ttl);
    }
}
