package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.redis.RedisKeys;
import io.sideline.ee.redis.RedisScripts;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cancel and a retry whose server died between two of their bounded steps are finished by another server: the
 * cancel's park sweep where its announced end is delivered, the retry's unpark steps by the reapers. The
 * dead server is played by calling only the first step's script (halt.lua, resume.lua) on a server without a worker.
 */
class InterruptedSweepTest {

    private TestEngine starter;
    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        if (starter != null) {
            starter.close();
        }
    }

    private static Step[] recs(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> job(Rec.class, prefix + i)).toArray(Step[]::new);
    }

    /** The jobs of {@code runId} waiting on the queue. */
    private long queuedOf(RedisClient redis, String queue, String runId) {
        return redis.lrange(starter.prefix + "queue:" + queue, 0, -1).stream()
                .map(e -> Json.createReader(new StringReader(e)).readObject())
                .filter(o -> runId.equals(o.getString("sideline_run_id", null))).count();
    }

    private RunState state(TestEngine on, String runId) {
        return on.workflows().status(runId).orElseThrow().state();
    }

    @Test
    void aCancelInterruptedAfterItsFirstStepIsSweptByTheServerThatDeliversItsEndAndNoneOfItsJobsRuns() {
        starter = TestEngine.start(Map.of(SidelineConfig.Keys.WORKER_ENABLED, "false"));
        String cancelled = starter.workflows().run(group(recs("c", 2_500)));
        String live = starter.workflows().run(group(recs("k", 3)));
        try (RedisClient redis = starter.redis()) {
            // the cancel's first step (state, index, the jobs nearest to starting), then its server died
            List<String> halted = new RedisScripts(redis, new RedisKeys(starter.prefix)).halt(cancelled, 3_600);
            assertEquals("cancelled", halted.get(0));
            long left = queuedOf(redis, "default", cancelled);
            assertTrue(left > 1_000, "the first step parked at most its budget, the rest waits: " + left);
            starter.bean(SidelineAdmin.class).pause("default"); // so the test can see the sweep before any fetch

            engine = TestEngine.join(starter, Map.of());

            String parked = starter.prefix + "parked:" + cancelled;
            Await.until("another server finished the sweep", Duration.ofSeconds(30), () -> redis.llen(parked) == 2_500);
            assertEquals(0, queuedOf(redis, "default", cancelled), "no job of the cancelled run left to fetch");
            starter.bean(SidelineAdmin.class).resume("default");
            Await.until("the live run finished", Duration.ofSeconds(30),
                    () -> state(engine, live) == RunState.SUCCEEDED);
            assertEquals(3, engine.log().of(live).size());
            assertEquals(List.of(), engine.log().of(cancelled), "no job of the cancelled run was performed");
            assertEquals(RunState.CANCELLED, state(engine, cancelled));
        }
    }

    @Test
    void aRetryInterruptedAfterItsFirstStepIsFinishedByAReaperAndTheRunSucceeds() {
        starter = TestEngine.start(Map.of(SidelineConfig.Keys.WORKER_ENABLED, "false"));
        String runId = starter.workflows().run(group(recs("r", 1_500)));
        RedisKeys keys = new RedisKeys(starter.prefix);
        try (RedisClient redis = starter.redis()) {
            // every job parked, the run failed fast (what a death leaves once the sweep is done)
            RedisScripts scripts = new RedisScripts(redis, keys);
            scripts.halt(runId, 3_600);
            while (queuedOf(redis, "default", runId) > 0) { // the rest of the sweep (ParkSweep's steps)
                scripts.park(runId, keys.queue("default"), true, "", "0", 1_000, 3_600);
            }
            assertEquals(1_500, redis.llen(keys.parked(runId)));
            redis.hset(keys.run(runId), "state", "FAILED");
            // the retry's first step, then its server died: RUNNING, every job still parked
            List<String> resumed = scripts.resume(runId, keys.dead(), true, true, List.of(), List.of(), List.of(), 3_600);
            assertEquals(List.of("ok", "0", "0", "RUNNING", "1500"), resumed);

            engine = TestEngine.join(starter, Map.of());

            Await.until("the run succeeded", Duration.ofSeconds(90), () -> state(engine, runId) == RunState.SUCCEEDED);
            assertEquals(1_500, engine.log().of(runId).size(), "each parked job ran once");
            assertEquals(1_500, engine.log().of(runId).stream().map(ExecutionLog.Entry::label).distinct().count());
            assertEquals(0, redis.llen(keys.parked(runId)));
            assertEquals(null, redis.zscore(keys.unparking(), runId));
        }
    }
}
