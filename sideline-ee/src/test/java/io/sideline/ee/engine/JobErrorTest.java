package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineJob;
import io.sideline.ee.cdi.RunningWorker;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.health.WorkerLivenessCheck;
import io.sideline.ee.testing.TestHealth;
import io.sideline.ee.worker.Worker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job that throws an {@link Error} fails like any job (retried, then dead with the error's class) and the
 * worker goes on; only repeated {@link OutOfMemoryError}s make it give up, hand its jobs back and report DOWN.
 */
class JobErrorTest {

    /** Throws the error its argument names. */
    @SidelineJob("Thrower")
    @ApplicationScoped
    public static class Thrower {
        public void perform(String error) {
            switch (error) {
                case "StackOverflowError" -> recurse(0);
                case "OutOfMemoryError" -> throw new OutOfMemoryError("thrown by a test job");
                case "InternalError" -> throw new InternalError("thrown by a test job");
                case "NoClassDefFoundError" -> throw new NoClassDefFoundError("com/example/Missing");
                default -> throw new IllegalArgumentException(error);
            }
        }

        private static long recurse(long depth) {
            return recurse(depth + 1) + 1; // a real stack overflow
        }
    }

    private TestEngine engine;

    @BeforeEach
    void health() {
        TestHealth.install();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private RunStatus awaitEnd(String runId) {
        return Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    private HealthCheckResponse live() {
        return engine.bean(WorkerLivenessCheck.class, Liveness.Literal.INSTANCE).call();
    }

    private Worker worker() {
        return engine.bean(RunningWorker.class).current().orElseThrow();
    }

    @Test
    void aJobThrowingAnyErrorIsRetriedThenDeadWithTheErrorsClassAndTheWorkerGoesOn() {
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.RETRY_MAX, "1"), Thrower.class,
                WorkerLivenessCheck.class);
        Map<String, String> runs = new LinkedHashMap<>();
        for (String error : List.of("StackOverflowError", "OutOfMemoryError", "InternalError", "NoClassDefFoundError")) {
            runs.put(engine.workflows().run(job(Thrower.class, error)), "java.lang." + error);
        }
        for (String runId : runs.keySet()) {
            RunStatus status = awaitEnd(runId);
            assertEquals(RunState.FAILED, status.state(), runId + " threw " + runs.get(runId));
            assertEquals(1, status.jobsFailed());
        }
        try (RedisClient redis = engine.redis()) {
            Map<String, JsonObject> dead = redis.zrange(engine.prefix + "dead", 0, -1).stream()
                    .map(e -> Json.createReader(new StringReader(e)).readObject())
                    .collect(Collectors.toMap(d -> d.getString("sideline_run_id"), d -> d));
            for (var run : runs.entrySet()) {
                JsonObject entry = dead.get(run.getKey());
                assertEquals(run.getValue(), entry.getString("error_class"), entry.toString());
                assertEquals(2, entry.getInt("retry_count"), "retried once (sideline.retry.max=1), then dead: " + entry);
            }
            assertEquals(0, redis.llen(engine.prefix + "inprogress:" + worker().id()), "nothing stranded");
        }
        // The worker goes on: every loop alive, and the next run succeeds.
        HealthCheckResponse live = live();
        assertEquals(HealthCheckResponse.Status.UP, live.getStatus(), TestHealth.render(live));
        assertEquals(RunState.SUCCEEDED, awaitEnd(engine.workflows().run(job(Rec.class, "after"))).state());
    }

    @Test
    void repeatedOutOfMemoryErrorsMakeLivenessDownWithTheReasonAndHandTheWorkersJobsBack() {
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.RETRY_MAX, "10", SidelineConfig.Keys.CONCURRENCY, "2"),
                Thrower.class, WorkerLivenessCheck.class);
        String slowRun = engine.workflows().run(job(Rec.class, "slow", 60_000L));
        String inProgress = engine.prefix + "inprogress:" + worker().id();
        try (RedisClient redis = engine.redis()) {
            Await.until("the slow job is in progress", Duration.ofSeconds(10), () -> redis.llen(inProgress) == 1);
            String oomRun = engine.workflows().run(job(Thrower.class, "OutOfMemoryError"));

            HealthCheckResponse live = Await.value("liveness DOWN", Duration.ofSeconds(20),
                    this::live,
                    r -> r.getStatus() == HealthCheckResponse.Status.DOWN);
            String jvm = String.valueOf(live.getData().orElseThrow().get("jvm"));
            assertTrue(jvm.contains("3 OutOfMemoryErrors"), TestHealth.render(live));

            // The slow job (still running) is handed back to its queue for other servers; nothing stays in progress.
            Await.until("the in-progress list is empty", Duration.ofSeconds(20), () -> redis.llen(inProgress) == 0);
            List<String> queued = redis.lrange(engine.prefix + "queue:default", 0, -1);
            assertEquals(1, queued.size(), queued.toString());
            assertTrue(queued.get(0).contains(slowRun), queued.toString());
            // The OOM job, failed three times, waits in the retry set, not on this worker.
            assertEquals(1, redis.zcard(engine.prefix + "retry"));
            assertTrue(redis.zrange(engine.prefix + "retry", 0, -1).get(0).contains(oomRun));
            assertEquals(RunState.RUNNING, engine.workflows().status(slowRun).orElseThrow().state());
        }
    }
}
