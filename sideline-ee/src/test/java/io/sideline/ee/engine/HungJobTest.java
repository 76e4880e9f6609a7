package io.sideline.ee.engine;

import io.sideline.ee.JobContext;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineJob;
import io.sideline.ee.cdi.RunningWorker;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.health.WorkerLivenessCheck;
import io.sideline.ee.model.Step;
import io.sideline.ee.testing.LogCapture;
import io.sideline.ee.testing.TestHealth;
import io.sideline.ee.worker.Worker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hung jobs: one running past {@code sideline.job.warn-after-ms} is reported (log, liveness data; never its
 * arguments), one past its timeout is interrupted and failed with {@link io.sideline.ee.JobTimeoutException}, and
 * one that ignores the interrupt is failed anyway while a new thread takes its fetcher's place; its late return
 * changes nothing.
 */
class HungJobTest {

    /** Sleeps far past its timeout, but answers the interrupt. */
    @SidelineJob(value = "Napper", timeoutMs = 300)
    @ApplicationScoped
    public static class Napper {
        public void perform(String label) throws InterruptedException {
            Thread.sleep(60_000); // the job's own behaviour: a call that hangs
        }
    }

    /** On its first attempt, waits for the test's release and ignores every interrupt; a retry returns at once. */
    @SidelineJob(value = "Stubborn", timeoutMs = 300)
    @ApplicationScoped
    public static class Stubborn {
        static volatile CountDownLatch release = new CountDownLatch(1);
        static final AtomicBoolean RETURNED = new AtomicBoolean();

        @Inject
        JobContext job;

        public void perform(String label) {
            if (job.retryCount() > 0) {
                return;
            }
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException ignored) {
                    // the job's own (bad) behaviour: it swallows the interrupt and keeps waiting
                }
            }
            RETURNED.set(true);
        }
    }

    /** Waits for the test's release, without a timeout: hung until then. */
    @SidelineJob("Blocker")
    @ApplicationScoped
    public static class Blocker {
        static volatile CountDownLatch release = new CountDownLatch(1);

        public void perform(String label) throws InterruptedException {
            release.await();
        }
    }

    private TestEngine engine;
    private LogCapture log;

    @BeforeEach
    void open() {
        TestHealth.install();
        log = new LogCapture();
        Stubborn.release = new CountDownLatch(1);
        Stubborn.RETURNED.set(false);
        Blocker.release = new CountDownLatch(1);
    }

    @AfterEach
    void close() {
        Stubborn.release.countDown();
        Blocker.release.countDown();
        if (engine != null) {
            engine.close();
        }
        log.close();
    }

    private RunStatus awaitEnd(String runId) {
        return Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    private Worker worker() {
        return engine.bean(RunningWorker.class).current().orElseThrow();
    }

    private List<JsonObject> dead() {
        try (RedisClient redis = engine.redis()) {
            return redis.zrange(engine.prefix + "dead", 0, -1).stream()
                    .map(e -> Json.createReader(new StringReader(e)).readObject()).toList();
        }
    }

    private void assertNothingInProgress() {
        try (RedisClient redis = engine.redis()) {
            assertEquals(0, redis.llen(engine.prefix + "inprogress:" + worker().id()), "nothing stranded");
        }
    }

    @Test
    void aJobSleepingPastItsTimeoutIsInterruptedFailedWithTheTimeoutErrorRetriedThenDead() {
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.RETRY_MAX, "1"), Napper.class);
        String runId = engine.workflows().run(job(Napper.class, "n"));

        assertEquals(RunState.FAILED, awaitEnd(runId).state());
        JsonObject entry = dead().get(0);
        assertEquals("io.sideline.ee.JobTimeoutException", entry.getString("error_class"), entry.toString());
        assertTrue(entry.getString("error_message").contains("timeout of 300 ms and was interrupted"), entry.toString());
        assertEquals(2, entry.getInt("retry_count"), "retried once (sideline.retry.max=1), then dead");
        assertNothingInProgress();
    }

    @Test
    void theConfiguredTimeoutAppliesToAJobThatDeclaresNone() {
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.RETRY_MAX, "0", SidelineConfig.Keys.JOB_TIMEOUT, "300"));
        String slow = engine.workflows().run(job(Rec.class, "slow", 60_000L));
        String quick = engine.workflows().run(job(Rec.class, "quick", 10L));

        assertEquals(RunState.FAILED, awaitEnd(slow).state());
        assertEquals(RunState.SUCCEEDED, awaitEnd(quick).state());
        assertEquals("io.sideline.ee.JobTimeoutException", dead().get(0).getString("error_class"));
        assertNothingInProgress();
    }

    @ParameterizedTest
    @ValueSource(strings = {"atomic", "at-most-once"})
    void aJobIgnoringItsInterruptIsFailedItsFetcherReplacedAndItsLateReturnChangesNothing(String barrierType) {
        // One fetcher only: once Stubborn pins it, nothing else of the queue runs unless the fetcher is replaced.
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.CONCURRENCY, "1", SidelineConfig.Keys.RETRY_MAX, "1",
                SidelineConfig.Keys.JOB_WARN_AFTER, "100", SidelineConfig.Keys.BARRIER_TYPE, barrierType),
                Stubborn.class, WorkerLivenessCheck.class);
        Step workflow = chain(job(Stubborn.class, "secret-arg-7"), job(Rec.class, "after"));
        String runId = engine.workflows().run(workflow);

        // Stubborn's first attempt is failed for ignoring its interrupt; its retry returns at once, and the run goes on.
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId).state());
        assertFalse(Stubborn.RETURNED.get(), "the first attempt is still stuck in its thread");
        assertTrue(log.text().contains("ignored the interrupt of its timeout (300 ms)"), log.text());

        // Another job of the same queue runs meanwhile, on the fetcher that replaced the stuck one.
        String other = engine.workflows().run(job(Rec.class, "other"));
        assertEquals(RunState.SUCCEEDED, awaitEnd(other).state());
        assertFalse(Stubborn.RETURNED.get(), "the first attempt was still stuck while the other job ran");

        // Reported: in the liveness data and in the log, by name and jid, never with its arguments.
        HealthCheckResponse live = engine.bean(WorkerLivenessCheck.class, Liveness.Literal.INSTANCE).call();
        assertEquals(HealthCheckResponse.Status.UP, live.getStatus(), TestHealth.render(live));
        Map<String, Object> data = live.getData().orElseThrow();
        assertEquals(1L, ((Number) data.get("longRunningJobs")).longValue(), TestHealth.render(live));
        assertTrue(String.valueOf(data.get("longRunning")).contains("job Stubborn [run=" + runId + " jid="), TestHealth.render(live));
        assertTrue(log.text().contains("has been running for more than 100 ms"), log.text());
        assertFalse(log.text().contains("secret-arg-7") || TestHealth.render(live).contains("secret-arg-7"),
                "a job's arguments never reach the log or the health data");

        // When the stuck attempt finally returns, its completion is fenced: the workflow does not advance twice.
        long processed = worker().processedJobs();
        Stubborn.release.countDown();
        Await.until("the stuck attempt returned and was processed", Duration.ofSeconds(10),
                () -> worker().processedJobs() > processed);
        assertEquals(1, engine.log().of(runId).stream().filter(e -> e.label().equals("after")).count(),
                "the successor ran once");
        RunStatus status = engine.workflows().status(runId).orElseThrow();
        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(2, status.jobsDone());
        assertEquals(0, status.jobsFailed());
        assertTrue(dead().isEmpty(), dead().toString());
        assertNothingInProgress();
    }

    @ParameterizedTest
    @ValueSource(strings = {"atomic", "at-most-once"})
    void aJobRunningPastWarnAfterIsShownInItsRunsStatusUntilItEnds(String barrierType) {
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.JOB_WARN_AFTER, "200",
                SidelineConfig.Keys.BARRIER_TYPE, barrierType), Blocker.class);
        String runId = engine.workflows().run(chain(job(Rec.class, "before"), job(Blocker.class, "secret-arg-9"),
                job(Rec.class, "after")));

        RunStatus hung = Await.value("the blocked job shown in its run's status", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> !s.hungJobs().isEmpty());
        assertEquals(RunState.RUNNING, hung.state());
        assertEquals(1, hung.hungJobs().size(), hung.hungJobs().toString());
        String note = hung.hungJobs().get(0);
        assertTrue(note.startsWith("job Blocker [run=" + runId + " jid=")
                && note.contains("on worker " + worker().id()) && note.contains(" since "), note);
        assertFalse(note.contains("secret-arg-9"), "never its arguments: " + note);

        Blocker.release.countDown();
        RunStatus done = awaitEnd(runId);
        assertEquals(RunState.SUCCEEDED, done.state());
        assertEquals(List.of(), done.hungJobs());
        Await.until("the note cleared from the run hash once the job ended", Duration.ofSeconds(10), () -> {
            try (RedisClient redis = engine.redis()) {
                return redis.hkeys(engine.prefix + "run:" + runId).stream().noneMatch(k -> k.startsWith("hung:"));
            }
        });
        assertEquals(1, engine.log().of(runId).stream().filter(e -> e.label().equals("after")).count());
    }

    @Test
    void aQuickJobIsNeverShownAsHung() {
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.JOB_WARN_AFTER, "60000"), Blocker.class);
        String runId = engine.workflows().run(job(Blocker.class, "b"));
        Await.until("the job started", Duration.ofSeconds(10), () -> worker().longRunningJobs(Long.MAX_VALUE).size() == 1);
        assertEquals(List.of(), engine.workflows().status(runId).orElseThrow().hungJobs(), "below warn-after: not hung");
        Blocker.release.countDown();
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId).state());
    }
}
