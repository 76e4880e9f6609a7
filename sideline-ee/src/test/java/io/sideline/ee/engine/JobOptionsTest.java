package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineJob;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Job;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-job options, Sidekiq's {@code sidekiq_options}: {@code @SidelineJob(retry)} bounds a job's retries (0: the
 * first failure is dead) and {@code @SidelineJob(queue)} is where the job runs unless its workflow step names a
 * queue.
 */
class JobOptionsTest {

    /** Always fails; never retried. */
    @SidelineJob(value = "NoRetry", retry = 0)
    @ApplicationScoped
    public static class NoRetry {
        public void perform(String label) {
            throw new IllegalStateException("no retry for " + label);
        }
    }

    /** Always fails; retried once whatever sideline.retry.max says. */
    @SidelineJob(value = "OneRetry", retry = 1)
    @ApplicationScoped
    public static class OneRetry {
        public void perform(String label) {
            throw new IllegalStateException("one retry for " + label);
        }
    }

    /** Always fails with the configured retries. */
    @SidelineJob("DefaultRetry")
    @ApplicationScoped
    public static class DefaultRetry {
        public void perform(String label) {
            throw new IllegalStateException("default retries for " + label);
        }
    }

    /** Runs on the queue "special" unless told otherwise. */
    @SidelineJob(value = "Special", queue = "special")
    @ApplicationScoped
    public static class Special {
        public void perform(String label) {
            // nothing: where it ran is what the test looks at
        }
    }

    private TestEngine engine;
    private TestEngine other;

    @AfterEach
    void close() {
        if (other != null) {
            other.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private RunStatus awaitEnd(TestEngine on, String runId) {
        return Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> on.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    private JsonObject deadEntryOf(String runId) {
        try (RedisClient redis = engine.redis()) {
            return redis.zrange(engine.prefix + "dead", 0, -1).stream()
                    .map(e -> Json.createReader(new StringReader(e)).readObject())
                    .filter(d -> runId.equals(d.getString("sideline_run_id", null)))
                    .findFirst().orElseThrow(() -> new AssertionError("no dead entry of " + runId));
        }
    }

    @Test
    void retryOfAJobOverridesTheConfiguredRetriesAndZeroSendsTheFirstFailureToTheDeadSet() {
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.RETRY_MAX, "3"),
                NoRetry.class, OneRetry.class, DefaultRetry.class);
        String none = engine.workflows().run(job(NoRetry.class, "a"));
        String one = engine.workflows().run(job(OneRetry.class, "b"));
        String byDefault = engine.workflows().run(job(DefaultRetry.class, "c"));
        for (String runId : List.of(none, one, byDefault)) {
            assertEquals(RunState.FAILED, awaitEnd(engine, runId).state(), runId);
        }
        assertEquals(1, deadEntryOf(none).getInt("retry_count"), "retry = 0: one attempt, then dead");
        assertEquals(2, deadEntryOf(one).getInt("retry_count"), "retry = 1: two attempts");
        assertEquals(4, deadEntryOf(byDefault).getInt("retry_count"), "sideline.retry.max = 3: four attempts");
    }

    @Test
    void aJobRunsOnItsOwnQueueUnlessItsStepNamesOne() {
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.QUEUES, "default"), Special.class);
        String own = engine.workflows().run(job(Special.class, "own"));
        String named = engine.workflows().run(new Job("Special", List.of("named"), "default"));
        // The step that names "default" runs here; the other waits on "special", which this server does not serve.
        assertEquals(RunState.SUCCEEDED, awaitEnd(engine, named).state());
        try (RedisClient redis = engine.redis()) {
            List<String> waiting = redis.lrange(engine.prefix + "queue:special", 0, -1);
            assertEquals(1, waiting.size(), waiting.toString());
            assertTrue(waiting.get(0).contains(own), waiting.toString());
        }
        assertEquals(RunState.RUNNING, engine.workflows().status(own).orElseThrow().state());
        // A server that serves "special" runs it.
        other = TestEngine.startOn(Map.of(SidelineConfig.Keys.QUEUES, "special"), engine.prefix, Special.class);
        assertEquals(RunState.SUCCEEDED, awaitEnd(other, own).state());
    }
}
