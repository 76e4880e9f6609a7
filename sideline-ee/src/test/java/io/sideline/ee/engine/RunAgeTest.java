package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.cdi.RunningWorker;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.RunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Abandoned and waiting runs (issue 9 §1): a run older than {@code sideline.run.max-age} is failed with the reason
 * and its keys then expire as a finished run's; until then it is visible as stalled; a run whose next work is
 * scheduled (a delay, a retry) is waiting, not stalled; a run waiting on a queue no live worker serves says so.
 */
class RunAgeTest {

    /**
     * Stall threshold of the waiting-run cases: the delay and the retry (5 s) last well over twice of it, and it leaves
     * the step that runs once its work is due (scheduler move, fetch, perform, ack) a loaded box's margin; at 300 ms
     * a slow ack after the due time was (rightly) reported stalled and the test failed on CI, and at 1 s once on a box
     * running two builds at once.
     */
    private static final String STALL_AFTER_MS = "2000";

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aRunOlderThanTheMaxAgeIsFailedWithTheReasonAndItsKeysThenExpire() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.MAX_RUN_AGE, "3",
                SidelineConfig.Keys.STALL_AFTER, "300", SidelineConfig.Keys.RETRY_BACKOFF_MAX, "1000",
                SidelineConfig.Keys.JOB_WARN_AFTER, "1000",
                SidelineConfig.Keys.BARRIER_TTL, "1", SidelineConfig.Keys.RUN_TTL, "1", SidelineConfig.Keys.MEMORY_TTL, "1"));
        // B waits on a queue that no server serves: the run can never end by itself
        String runId = engine.workflows().run(chain(job(Rec.class, "A"), job(Rec.class, "B").onQueue("nobody")));

        Await.until("the run is reported stalled before its max age", Duration.ofSeconds(10),
                () -> engine.workflows().status(runId).orElseThrow().stalled());
        assertEquals(RunState.RUNNING, engine.workflows().status(runId).orElseThrow().state());

        RunStatus failed = Await.value("the run is failed at its max age", Duration.ofSeconds(15),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
        assertEquals(RunState.FAILED, failed.state());
        assertNotNull(failed.failureReason());
        assertTrue(failed.failureReason().contains("sideline.run.max-age"), failed.failureReason());
        assertFalse(failed.stalled(), "a failed run is not stalled");
        assertTrue(engine.bean(RunStore.class).stalled(0, 10).isEmpty(), "it left the running index");

        try (RedisClient redis = engine.redis()) {
            String p = engine.prefix;
            Await.until("its keys expire as a finished run's", Duration.ofSeconds(10),
                    () -> redis.keys(p + "*" + runId + "*").isEmpty());
            assertTrue(redis.keys(p + "barrier:*").isEmpty(), "no barrier of it remains");
            assertTrue(redis.keys(p + "chain:*").isEmpty(), "no chain of it remains");
        }
    }

    @Test
    void aRunWaitingForADelayIsNotStalled() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.STALL_AFTER, STALL_AFTER_MS));
        String runId = engine.workflows().run(chain(job(Rec.class, "A"), withDelay(job(Rec.class, "B"), 5_000)));

        Await.until("A ran and B is scheduled", Duration.ofSeconds(10),
                () -> engine.workflows().status(runId).orElseThrow().jobsDone() == 1);
        assertNeverStalledUntilItEnds(runId);
    }

    @Test
    void aRunWaitingForARetryIsNotStalled() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.STALL_AFTER, STALL_AFTER_MS,
                SidelineConfig.Keys.RETRY_BACKOFF_BASE, "5000"));
        String runId = engine.workflows().run(chain(job(Rec.class, "A"), job(Flaky.class, "F", 1)));

        try (RedisClient redis = engine.redis()) {
            Await.until("F failed once and waits for its retry", Duration.ofSeconds(10),
                    () -> engine.workflows().status(runId).orElseThrow().jobsDone() == 1
                            && redis.zcard(engine.prefix + "retry") == 1);
        }
        assertNeverStalledUntilItEnds(runId);
    }

    /** Looks at the run (its status and the stall detector's list) every few ms until it ends: never stalled. */
    private void assertNeverStalledUntilItEnds(String runId) {
        RunningWorker running = engine.bean(RunningWorker.class);
        long since = System.nanoTime();
        RunStatus end = Await.value("the run ends", Duration.ofSeconds(15), () -> {
            RunStatus status = engine.workflows().status(runId).orElseThrow();
            assertFalse(status.stalled(), "a run whose next work is scheduled is waiting, not stalled");
            assertFalse(running.current().orElseThrow().stalledRuns().contains(runId), "nor listed as stalled");
            return status;
        }, s -> s.state() != RunState.RUNNING);
        assertEquals(RunState.SUCCEEDED, end.state());
        long waitedMs = (System.nanoTime() - since) / 1_000_000;
        assertTrue(waitedMs > 2 * Long.parseLong(STALL_AFTER_MS),
                "it waited " + waitedMs + " ms, more than twice sideline.run.stall-after-ms");
    }

    @Test
    void aRunWaitingOnAQueueNoLiveWorkerServesSaysSo() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.STALL_AFTER, "300"));
        String runId = engine.workflows().run(chain(job(Rec.class, "A"), job(Rec.class, "B").onQueue("nobody")));

        Await.until("A ran", Duration.ofSeconds(10),
                () -> engine.workflows().status(runId).orElseThrow().jobsDone() == 1);
        assertEquals(List.of("nobody"), engine.workflows().status(runId).orElseThrow().unservedQueues());
        Await.until("the liveness data counts the queue", Duration.ofSeconds(5),
                () -> engine.bean(RunningWorker.class).current().orElseThrow().unservedQueues().equals(List.of("nobody")));

        // a second server that serves the queue: the run moves on and nothing is reported any more
        try (TestEngine other = TestEngine.join(engine, Map.of(SidelineConfig.Keys.QUEUES, "nobody"))) {
            RunStatus done = Await.value("the run ends", Duration.ofSeconds(15),
                    () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
            assertEquals(RunState.SUCCEEDED, done.state());
            assertEquals(List.of(), done.unservedQueues());
        }
    }
}
