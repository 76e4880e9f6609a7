package io.sideline.ee.engine;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunControl;
import io.sideline.ee.RunFinished;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.cdi.PortDecorators;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Workflow;
import io.sideline.ee.runtime.RunEnds;
import io.sideline.ee.runtime.WorkerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static io.sideline.ee.Sideline.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Callbacks ({@code onSuccess}, {@code onFailure}, {@code onComplete}) and the {@link RunFinished} event on a real
 * Redis: which callbacks run for each end, exactly once, with the run's memory; a failing callback is shown beside
 * the state without changing it; a retried run; the event once per end, and again when the server that took it
 * died before acknowledging it.
 */
class CallbacksTest {

    /** Every {@link RunFinished} any engine of the test fired. */
    @ApplicationScoped
    public static class Observer {
        static final List<RunFinished> SEEN = new CopyOnWriteArrayList<>();

        void ended(@Observes RunFinished run) {
            SEEN.add(run);
        }
    }

    /**
     * A server that dies while delivering a run end: once {@link #DIE} is set, its first acknowledgement of a run end
     * never happens (the server is gone), its heartbeats stop and it takes no more ends.
     */
    @ApplicationScoped
    public static class DiesBeforeAck implements PortDecorators {
        static final AtomicBoolean DIE = new AtomicBoolean();
        static final AtomicBoolean DEAD = new AtomicBoolean();

        @Override
        public RunEnds decorate(RunEnds ends) {
            return new RunEnds() {
                @Override
                public String take(String workerId, Duration timeout) {
                    if (DEAD.get()) {
                        LockSupport.parkNanos(timeout.toNanos()); // a dead server blocks nowhere; this one idles
                        return null;
                    }
                    return ends.take(workerId, timeout);
                }

                @Override
                public List<String> held(String workerId) {
                    return DEAD.get() ? List.of() : ends.held(workerId);
                }

                @Override
                public boolean ack(String workerId, String entry) {
                    if (DIE.get()) {
                        DEAD.set(true);
                        throw new IllegalStateException("test: the server died before acknowledging " + entry);
                    }
                    return ends.ack(workerId, entry);
                }

                @Override
                public long requeue(String workerId) {
                    return DEAD.get() ? 0 : ends.requeue(workerId);
                }

                @Override
                public Optional<String> callbacks(String runId) {
                    return ends.callbacks(runId);
                }

                @Override
                public void noteCallbacks(String runId, long generation, String callbacksRunId) {
                    ends.noteCallbacks(runId, generation, callbacksRunId);
                }
            };
        }

        @Override
        public WorkerRegistry decorate(WorkerRegistry processes) {
            return new WorkerRegistry() {
                @Override
                public void heartbeat(String workerId, Duration ttl, String info) {
                    if (!DEAD.get()) {
                        processes.heartbeat(workerId, ttl, info);
                    }
                }

                @Override
                public java.util.Set<String> known() {
                    return processes.known();
                }

                @Override
                public long reap(String workerId) {
                    return processes.reap(workerId);
                }

                @Override
                public void retire(String workerId) {
                    if (!DEAD.get()) {
                        processes.retire(workerId);
                    }
                }

                @Override
                public long inProgress(String workerId) {
                    return processes.inProgress(workerId);
                }

                @Override
                public java.util.Set<String> pausedQueues() {
                    return processes.pausedQueues();
                }

                @Override
                public void addCounts(Map<Long, io.sideline.ee.runtime.JobCounters.Counts> perMinute) {
                    processes.addCounts(perMinute);
                }
            };
        }
    }

    private TestEngine engine;
    private TestEngine other;

    @BeforeEach
    void reset() {
        Observer.SEEN.clear();
        DiesBeforeAck.DIE.set(false);
        DiesBeforeAck.DEAD.set(false);
    }

    @AfterEach
    void close() {
        if (other != null) {
            other.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** Callbacks and RunFinished need the atomic barrier (at-most-once refuses them: see the last test). */
    private static Map<String, String> atomic() {
        return Map.of(SidelineConfig.Keys.BARRIER_TYPE, "atomic");
    }

    private static Map<String, String> noRetries() {
        return Map.of(SidelineConfig.Keys.BARRIER_TYPE, "atomic", SidelineConfig.Keys.RETRY_MAX, "0");
    }

    private static Workflow allThree(io.sideline.ee.model.Step root) {
        return workflow(root).onSuccess(job(Rec.class, "success")).onFailure(job(Rec.class, "failure"))
                .onComplete(job(Rec.class, "complete"));
    }

    /** Waits until the run has ended and its callbacks are no longer RUNNING (or none ran) and its end was delivered. */
    private RunStatus settled(String runId) {
        return Await.value("run " + runId + " ended and its callbacks settled", Duration.ofSeconds(30),
                () -> engine.workflows().status(runId).orElseThrow(),
                s -> s.state() != RunState.RUNNING && s.callbacks() != RunState.RUNNING && delivered());
    }

    /** Whether every announced end was taken and acknowledged. */
    private boolean delivered() {
        try (RedisClient redis = engine.redis()) {
            return redis.llen(engine.prefix + "finished") == 0
                    && redis.keys(engine.prefix + "finishing:*").stream().allMatch(k -> redis.llen(k) == 0);
        }
    }

    private List<String> labels(String runId) {
        return engine.log().of(runId).stream().map(ExecutionLog.Entry::label).sorted().toList();
    }

    @Test
    void aSucceededRunRunsOnSuccessAndOnCompleteOnceWithItsMemory() {
        engine = TestEngine.startWith(atomic(), Observer.class);
        String runId = engine.workflows().run(workflow(job("Greet", Map.of("name", "Ada")))
                .onSuccess(chain(job("Shout"), job(Rec.class, "success"))).onFailure(job(Rec.class, "failure"))
                .onComplete(job(Rec.class, "complete")));

        RunStatus status = settled(runId);

        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(RunState.SUCCEEDED, status.callbacks());
        String callbacks = runId + ":callbacks:1";
        assertEquals(List.of("complete", "success"), labels(callbacks), "onSuccess and onComplete, each once");
        // Shout, a typed job, read Greet's message from the run's memory (a copy) and wrote its output beside it
        Map<String, Object> memory = engine.workflows().memory().readAll(callbacks);
        assertEquals("HELLO, ADA", memory.get("shout"));
        assertEquals("Hello, Ada", memory.get("message"));
        assertEquals(List.of(runId), Observer.SEEN.stream().map(RunFinished::runId).toList(),
                "one event, for the run, none for its callbacks' run");
        RunFinished event = Observer.SEEN.get(0);
        assertEquals(RunState.SUCCEEDED, event.state());
        assertEquals(1, event.jobsDone());
        assertEquals(1, event.generation());
    }

    @Test
    void aFailedRunRunsOnFailureAndOnCompleteAndItsEventNamesTheDeadJob() {
        engine = TestEngine.startWith(noRetries(), Observer.class);
        String runId = engine.workflows().run(allThree(chain(job(Rec.class, "a"), job("Flaky", "boom", 5),
                job(Rec.class, "never"))));

        RunStatus status = settled(runId);

        assertEquals(RunState.FAILED, status.state());
        assertEquals(RunState.SUCCEEDED, status.callbacks());
        assertEquals(List.of("complete", "failure"), labels(runId + ":callbacks:1"));
        RunFinished event = Observer.SEEN.stream().filter(e -> e.runId().equals(runId)).findFirst().orElseThrow();
        assertEquals(RunState.FAILED, event.state());
        assertEquals(1, event.jobsFailed());
        assertEquals(List.of("Flaky"), event.failedJobs().stream().map(RunFinished.FailedJob::jobName).toList());
        assertEquals(1, Observer.SEEN.size());
    }

    @Test
    void aCancelledRunRunsOnlyOnComplete() {
        engine = TestEngine.startWith(atomic(), Observer.class);
        String runId = engine.workflows().run(allThree(chain(job(Rec.class, "a"), withDelay(job(Rec.class, "late"), 60_000))));
        Await.until("the first job ran", Duration.ofSeconds(30), () -> !engine.log().of(runId).isEmpty());
        assertEquals(ControlResult.Outcome.APPLIED, engine.bean(RunControl.class).cancel(runId).outcome());

        RunStatus status = settled(runId);

        assertEquals(RunState.CANCELLED, status.state());
        assertEquals(List.of("complete"), labels(runId + ":callbacks:1"));
        assertEquals(RunState.SUCCEEDED, status.callbacks());
        assertEquals(List.of(RunState.CANCELLED), Observer.SEEN.stream().map(RunFinished::state).toList());
    }

    @Test
    void aFailingCallbackIsShownBesideTheStateWhichItDoesNotChange() {
        engine = TestEngine.start(noRetries());
        String runId = engine.workflows().run(workflow(job(Rec.class, "a")).onSuccess(job("Flaky", "callback", 5)));

        RunStatus status = settled(runId);

        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(RunState.FAILED, status.callbacks());
        assertEquals(RunState.FAILED, engine.workflows().status(runId + ":callbacks:1").orElseThrow().state());
    }

    @Test
    void callbacksThatCanNoLongerStartAreShownFailedAndTheirEndIsNotRetriedForever() {
        engine = TestEngine.start(atomic());
        String runId = engine.workflows().run(workflow(withDelay(job(Rec.class, "a"), 1_000))
                .onComplete(job(Rec.class, "c")));
        try (RedisClient redis = engine.redis()) {
            // as if the job had been removed from the application since the run started
            redis.hset(engine.prefix + "run:" + runId, "cb", "{\"on_complete\":{\"job\":\"NoLongerDeployed\"}}");
        }

        RunStatus status = settled(runId);

        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(RunState.FAILED, status.callbacks());
        assertTrue(engine.workflows().status(runId + ":callbacks:1").isEmpty());
    }

    @Test
    void aRunWithoutCallbacksShowsNone() {
        engine = TestEngine.start(atomic());
        String runId = engine.workflows().run(workflow(job(Rec.class, "a")));

        RunStatus status = settled(runId);

        assertEquals(RunState.SUCCEEDED, status.state());
        assertNull(status.callbacks());
        assertTrue(engine.workflows().status(runId + ":callbacks:1").isEmpty());
    }

    /**
     * Like Sidekiq's batch callbacks: a FAILED run runs onFailure and onComplete at its first end; retried, it
     * SUCCEEDS and runs onSuccess then, once, and neither onFailure nor onComplete again.
     */
    @Test
    void aRetriedRunThatSucceedsRunsOnSuccessOnceAndNothingTwice() {
        engine = TestEngine.startWith(noRetries(), Observer.class);
        // Flaky fails its first attempt; a retried dead job keeps its retry count, so its second attempt succeeds
        String runId = engine.workflows().run(allThree(chain(job("Flaky", "f", 1), job(Rec.class, "after"))));
        assertEquals(RunState.FAILED, settled(runId).state());
        assertEquals(List.of("complete", "failure"), labels(runId + ":callbacks:1"));

        assertEquals(ControlResult.Outcome.APPLIED, engine.bean(RunControl.class).retry(runId).outcome());
        Await.until("the retried run ended", Duration.ofSeconds(30),
                () -> engine.workflows().status(runId).orElseThrow().state() == RunState.SUCCEEDED);
        RunStatus status = settled(runId);

        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(RunState.SUCCEEDED, status.callbacks());
        assertEquals(List.of("success"), labels(runId + ":callbacks:2"));
        assertEquals(List.of("complete", "failure"), labels(runId + ":callbacks:1"), "nothing ran twice");
        assertEquals(List.of(1L, 2L), Observer.SEEN.stream().map(RunFinished::generation).toList(),
                "one event per end");
    }

    @Test
    void eachRunFiresRunFinishedOnce() {
        engine = TestEngine.startWith(atomic(), Observer.class);
        List<String> runIds = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runIds.add(engine.workflows().run(chain(job(Rec.class, "a" + i), job(Rec.class, "b" + i))));
        }
        for (String runId : runIds) {
            settled(runId);
        }
        assertEquals(runIds.stream().sorted().toList(), Observer.SEEN.stream().map(RunFinished::runId).sorted().toList());
    }

    @Test
    void anEndTakenByAServerThatDiedBeforeAcknowledgingItIsDeliveredByAnotherAndItsCallbacksRunOnce() {
        engine = TestEngine.startWith(atomic(), Observer.class, DiesBeforeAck.class);
        DiesBeforeAck.DIE.set(true);
        String runId = engine.workflows().run(workflow(job(Rec.class, "a")).onComplete(job(Rec.class, "complete")));
        Await.until("the first server took the end and died", Duration.ofSeconds(30), DiesBeforeAck.DEAD::get);
        assertEquals(List.of(runId), Observer.SEEN.stream().map(RunFinished::runId).toList(),
                "the first server fired the event before it died");
        try (RedisClient redis = engine.redis()) {
            assertEquals(1, redis.keys(engine.prefix + "finishing:*").stream().mapToLong(redis::llen).sum(),
                    "the end is still held by the dead server");
        }

        other = TestEngine.startOn(atomic(), engine.prefix, Observer.class); // a second server, on the same Redis

        Await.until("the second server delivered the end again", Duration.ofSeconds(30),
                () -> Observer.SEEN.size() == 2 && delivered());
        assertEquals(List.of(runId, runId), Observer.SEEN.stream().map(RunFinished::runId).toList(), "at least once");
        Await.until("the callbacks ran", Duration.ofSeconds(30),
                () -> other.workflows().status(runId).orElseThrow().callbacks() == RunState.SUCCEEDED);
        assertEquals(List.of("complete"), labels(runId + ":callbacks:1"), "the callbacks ran exactly once");
    }

    @Test
    void theJsonWrapperCarriesCallbacksAndAPlainStepStaysValid() {
        engine = TestEngine.start(atomic());
        String json = "{\"workflow\":{\"job\":\"Rec\",\"args\":[\"a\"]},\"on_complete\":{\"job\":\"Rec\",\"args\":[\"c\"]}}";
        Workflow parsed = engine.workflows().parseWorkflow(json);
        assertEquals(job("Rec", "c"), parsed.onComplete());
        assertNull(parsed.onSuccess());
        assertEquals(json, engine.workflows().toJson(parsed));
        assertEquals(new Workflow(job("Rec", "a")), engine.workflows().parseWorkflow("{\"job\":\"Rec\",\"args\":[\"a\"]}"));

        io.sideline.ee.InvalidWorkflowException unknown = assertThrows(io.sideline.ee.InvalidWorkflowException.class,
                () -> engine.workflows().parseWorkflow("{\"workflow\":{\"job\":\"Rec\"},\"on_failure\":{\"job\":\"Nope\"}}"));
        assertEquals("$.on_failure.job", unknown.path());
        assertThrows(io.sideline.ee.InvalidWorkflowException.class,
                () -> engine.workflows().parseWorkflow("{\"workflow\":{\"job\":\"Rec\"},\"on_done\":{\"job\":\"Rec\"}}"));

        String runId = engine.workflows().run(parsed);
        RunStatus status = settled(runId);
        assertEquals(RunState.SUCCEEDED, status.callbacks());
        assertEquals(List.of("c"), labels(runId + ":callbacks:1"));
    }

    @Test
    void theAtMostOnceBarrierRefusesCallbacksAndRunFinishedObserversWithTheReason() {
        Map<String, String> atMostOnce = Map.of(SidelineConfig.Keys.BARRIER_TYPE, "at-most-once");
        engine = TestEngine.start(atMostOnce);
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> engine.workflows().run(workflow(job(Rec.class, "a")).onComplete(job(Rec.class, "c"))));
        assertTrue(refused.getMessage().contains("sideline.barrier.type=atomic"), refused.getMessage());
        engine.close();
        engine = null;

        RuntimeException deployment = assertThrows(RuntimeException.class,
                () -> TestEngine.startWith(atMostOnce, Observer.class));
        Throwable cause = deployment;
        while (cause.getCause() != null && !String.valueOf(cause.getMessage()).contains("RunFinished observers")) {
            cause = cause.getCause();
        }
        assertTrue(String.valueOf(cause.getMessage()).contains("RunFinished observers need sideline.barrier.type=atomic"),
                String.valueOf(deployment));
    }
}
