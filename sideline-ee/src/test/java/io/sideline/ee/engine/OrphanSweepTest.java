package io.sideline.ee.engine;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.cdi.PortDecorators;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.runtime.Barrier;
import io.sideline.ee.runtime.Completion;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ListDirection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A live worker's own in-progress list, where no reaper looks: a job there that none of its fetchers holds is
 * handed back and runs; a job a fetcher holds, however long, is left alone.
 */
class OrphanSweepTest {

    /** Sweeps every second: reaper interval 200 ms, Redis timeout 500 ms (the sweep waits two timeouts). */
    private static final Map<String, String> FAST_SWEEP = Map.of(SidelineConfig.Keys.REDIS_TIMEOUT, "500");

    private TestEngine engine;
    private TestEngine starter;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        if (starter != null) {
            starter.close();
        }
    }

    /**
     * Runs A's completion, then loses its reply: the worker retries the completion, which finds A done (fenced),
     * so the worker never learns of the next job (B) that the completion took into its in-progress list.
     */
    @ApplicationScoped
    public static class LostReply implements PortDecorators {
        static final AtomicBoolean LOST = new AtomicBoolean();
        static final AtomicReference<Completion> FIRST = new AtomicReference<>();

        @Override
        public Barrier decorate(Barrier barrier) {
            return (job, levels, output) -> {
                Completion completion = barrier.complete(job, levels, output);
                if (job.payload().argsJson().contains("\"A\"") && LOST.compareAndSet(false, true)) {
                    FIRST.set(completion);
                    throw new RedisUnavailableException("test: the reply of complete.lua was lost", null);
                }
                return completion;
            };
        }
    }

    @Test
    void theNextJobTakenByACompletionWhoseReplyWasLostIsHandedBackAndTheRunCompletes() {
        LostReply.LOST.set(false);
        engine = start(withConcurrency("1"), LostReply.class);
        Step workflow = chain(job(Rec.class, "A"), job(Rec.class, "B"), job(Rec.class, "C"));

        String runId = engine.workflows().run(workflow);
        RunStatus status = awaitEnd(engine, runId);

        assertNotNull(LostReply.FIRST.get().next(), "the lost reply carried the next job (B)");
        assertEquals(RunState.SUCCEEDED, status.state());
        DagAssert.assertRespects(workflow, engine.log().of(runId));
        assertEquals(List.of("A", "B", "C"), engine.log().of(runId).stream().map(ExecutionLog.Entry::label).toList(),
                "each step ran once");
    }

    @Test
    void aJobLeftUnheldInALiveWorkersInProgressListIsHandedBackToItsQueue() {
        starter = start(Map.of(SidelineConfig.Keys.WORKER_ENABLED, "false"));
        // The worker serves another queue only, so that nothing fetches the job once it is handed back.
        engine = join(starter, Map.of(SidelineConfig.Keys.REDIS_TIMEOUT, "500", SidelineConfig.Keys.QUEUES, "elsewhere"));
        try (RedisClient redis = engine.redis()) {
            String worker = Await.value("the worker registers", Duration.ofSeconds(10),
                    () -> redis.smembers(key(engine, null, "processes")), s -> s.size() == 1).iterator().next();
            String runId = starter.workflows().run(job(Rec.class, "A"));
            String inProgress = key(engine, runId, "inprogress:" + worker);
            String queue = key(engine, runId, "queue:default");
            // As if a fetch had taken it and its reply had been lost: in the live worker's list, held by no fetcher.
            String planted = redis.lmove(queue, inProgress, ListDirection.RIGHT, ListDirection.LEFT);
            assertNotNull(planted);

            Await.until("the orphan is back in its queue", Duration.ofSeconds(10),
                    () -> redis.lrange(queue, 0, -1).equals(List.of(planted)));
            assertEquals(0, redis.llen(inProgress));
        }
    }

    @Test
    void aJobHeldByAFetcherForManySweepsIsNotHandedBack() {
        engine = start(FAST_SWEEP);
        Step workflow = chain(job(Rec.class, "long", 3_500L), job(Rec.class, "after"));

        String runId = engine.workflows().run(workflow);
        RunStatus status = awaitEnd(engine, runId);

        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(List.of("long", "after"), engine.log().of(runId).stream().map(ExecutionLog.Entry::label).toList(),
                "the long job ran once although three sweeps saw it in the in-progress list");
    }

    private static Map<String, String> withConcurrency(String n) {
        return Map.of(SidelineConfig.Keys.REDIS_TIMEOUT, "500", SidelineConfig.Keys.CONCURRENCY, n);
    }

    /** An engine on this class's Redis ({@link OrphanSweepClusterTest}: on a cluster). */
    TestEngine start(Map<String, String> settings, Class<?>... extraBeans) {
        return TestEngine.startWith(settings, extraBeans);
    }

    /** A second server on {@code other}'s Redis and prefix. */
    TestEngine join(TestEngine other, Map<String, String> settings) {
        return TestEngine.join(other, settings);
    }

    /** Key {@code rest} of {@code engine}, in run {@code runId}'s shard when keys are sharded (null: what is no run's). */
    String key(TestEngine engine, String runId, String rest) {
        return engine.prefix + rest;
    }

    private static RunStatus awaitEnd(TestEngine engine, String runId) {
        return Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }
}
