package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.cdi.PortDecorators;
import io.sideline.ee.cdi.RunningWorker;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.health.WorkerLivenessCheck;
import io.sideline.ee.model.Step;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.Scheduler;
import io.sideline.ee.runtime.WorkerRegistry;
import io.sideline.ee.testing.LogCapture;
import io.sideline.ee.testing.TestHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An {@link Error} thrown into each of the worker's loops (through the ports the loop calls) ends none of them:
 * it is logged SEVERE with its stack, the loop turns again, the job a fetcher held goes back to its queue, and
 * the run still succeeds with nothing stranded.
 */
class LoopErrorTest {

    /** Where an Error is thrown: the port method each loop calls on every tick. */
    enum Point {
        FETCH("fetcher"), HEARTBEAT("heartbeat"), REAPER("reaper"), PROMOTER("promoter"), SWEEP("orphan sweep"),
        STALL("stall detector"), COLLECTOR("collector");

        final String loop;

        Point(String loop) {
            this.loop = loop;
        }
    }

    /** Throws one Error at the armed point; counts the calls of every point. */
    @ApplicationScoped
    public static class ErrorInjector implements PortDecorators {
        static final AtomicReference<Point> ARMED = new AtomicReference<>();
        static final Map<Point, AtomicInteger> CALLS = new EnumMap<>(Point.class);
        static final AtomicInteger CALLS_AT_ERROR = new AtomicInteger(-1);
        static final AtomicLong ERROR_AT_MS = new AtomicLong();
        static final List<Long> BEATS_MS = new CopyOnWriteArrayList<>();
        /** How many beats had returned when the Error was thrown (the failed beat never returns). */
        static final AtomicInteger BEATS_AT_ERROR = new AtomicInteger(-1);

        static void reset() {
            ARMED.set(null);
            for (Point p : Point.values()) {
                CALLS.put(p, new AtomicInteger());
            }
            CALLS_AT_ERROR.set(-1);
            BEATS_AT_ERROR.set(-1);
            BEATS_MS.clear();
        }

        static void at(Point point) {
            int calls = CALLS.get(point).incrementAndGet();
            if (ARMED.compareAndSet(point, null)) {
                CALLS_AT_ERROR.set(calls);
                ERROR_AT_MS.set(System.currentTimeMillis());
                BEATS_AT_ERROR.set(BEATS_MS.size());
                throw new Error("injected into the " + point.loop);
            }
        }

        @Override
        public JobQueue decorate(JobQueue queue) {
            return new JobQueue() {
                public Optional<String> fetch(String q, String workerId, Duration timeout) {
                    return queue.fetch(q, workerId, timeout);
                }

                public void received(String q, String workerId, String raw) {
                    at(Point.FETCH); // the fetcher holds a prefetched job here
                    queue.received(q, workerId, raw);
                }

                public List<String> inProgress(String workerId) {
                    at(Point.SWEEP);
                    return queue.inProgress(workerId);
                }

                public FailOutcome fail(String workerId, String raw, String stored, boolean retry, long delay, String runId) {
                    return queue.fail(workerId, raw, stored, retry, delay, runId);
                }

                public boolean requeue(String workerId, String raw, String q) {
                    return queue.requeue(workerId, raw, q);
                }
            };
        }

        @Override
        public WorkerRegistry decorate(WorkerRegistry processes) {
            return new WorkerRegistry() {
                public void heartbeat(String workerId, Duration ttl, String info) {
                    at(Point.HEARTBEAT);
                    processes.heartbeat(workerId, ttl, info);
                    BEATS_MS.add(System.currentTimeMillis());
                }

                public Set<String> known() {
                    at(Point.REAPER);
                    return processes.known();
                }

                public long reap(String workerId) {
                    return processes.reap(workerId);
                }

                public void retire(String workerId) {
                    processes.retire(workerId);
                }

                public long inProgress(String workerId) {
                    return processes.inProgress(workerId);
                }
            };
        }

        @Override
        public Scheduler decorate(Scheduler scheduler) {
            return limit -> {
                at(Point.PROMOTER);
                return scheduler.promoteDue(limit);
            };
        }

        @Override
        public RunStore decorate(RunStore runs) {
            return new RunStore() {
                public void launch(String runId, Plan plan, long totalJobs, Map<String, String> memory) {
                    runs.launch(runId, plan, totalJobs, memory);
                }

                public void launchAll(List<Launch> launches) {
                    runs.launchAll(launches);
                }

                public void enqueueJobs(List<Plan.PlannedJob> jobs) {
                    runs.enqueueJobs(jobs);
                }

                public Optional<io.sideline.ee.RunStatus> status(String runId) {
                    return runs.status(runId);
                }

                public List<String> stalled(long stallAfterMs, int limit) {
                    at(Point.STALL);
                    return runs.stalled(stallAfterMs, limit);
                }

                public AgeOut ageOut(long maxAgeMs, long from, int limit) {
                    return runs.ageOut(maxAgeMs, from, limit);
                }

                public List<String> unservedQueues() {
                    return runs.unservedQueues();
                }

                public int collect(int limit) {
                    at(Point.COLLECTOR);
                    return runs.collect(limit);
                }
            };
        }
    }

    private TestEngine engine;
    private LogCapture log;

    @BeforeEach
    void open() {
        TestHealth.install();
        ErrorInjector.reset();
        log = new LogCapture();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        log.close();
    }

    @ParameterizedTest
    @EnumSource(Point.class)
    void anErrorInALoopIsLoggedTheLoopTurnsAgainAndTheRunSucceeds(Point point) {
        // The stall detector looks every 200 ms, the orphan sweep every second.
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.STALL_AFTER, "400",
                SidelineConfig.Keys.REDIS_TIMEOUT, "500"), ErrorInjector.class, WorkerLivenessCheck.class);
        ErrorInjector.ARMED.set(point); // armed once started: the first heartbeat belongs to the start itself
        // A→B and C→D are prefetches (B and D reach their fetcher through the completion); C waits for the promoter.
        Step workflow = chain(job(Rec.class, "A"), job(Rec.class, "B"), withDelay(job(Rec.class, "C"), 50),
                job(Rec.class, "D"));
        String runId = engine.workflows().run(workflow);

        Await.until("the Error was thrown into the " + point.loop, Duration.ofSeconds(20),
                () -> ErrorInjector.CALLS_AT_ERROR.get() > 0);
        RunStatus status = Await.value("the run ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
        assertEquals(RunState.SUCCEEDED, status.state());
        DagAssert.assertRespects(workflow, engine.log().of(runId));
        Await.until("the " + point.loop + " turned again", Duration.ofSeconds(20),
                () -> ErrorInjector.CALLS.get(point).get() > ErrorInjector.CALLS_AT_ERROR.get());

        LogRecord severe = log.records().stream().filter(r -> r.getLevel() == Level.SEVERE && r.getThrown() != null
                && String.valueOf(r.getThrown().getMessage()).equals("injected into the " + point.loop))
                .findFirst().orElse(null);
        assertNotNull(severe, "the Error is logged SEVERE with its stack:\n" + log.text());
        assertTrue(severe.getMessage().contains(point.loop), severe.getMessage());
        HealthCheckResponse live = engine.bean(WorkerLivenessCheck.class, Liveness.Literal.INSTANCE).call();
        assertEquals(HealthCheckResponse.Status.UP, live.getStatus(), TestHealth.render(live));
        String workerId = engine.bean(RunningWorker.class).current().orElseThrow().id();
        try (RedisClient redis = engine.redis()) {
            assertEquals(0, redis.llen(engine.prefix + "inprogress:" + workerId), "nothing stranded");
        }
        if (point == Point.FETCH) {
            assertTrue(log.text().contains("handed back the job held by a failed fetcher"), log.text());
        }
        if (point == Point.HEARTBEAT) {
            // beats are recorded when they return, in order (the start's, then the loop's), and the failed one never
            // is: the last before the Error and the first after it, by position (two may share a millisecond)
            int at = ErrorInjector.BEATS_AT_ERROR.get();
            Await.until("a heartbeat after the Error returned", Duration.ofSeconds(20),
                    () -> ErrorInjector.BEATS_MS.size() > at);
            long before = ErrorInjector.BEATS_MS.get(at - 1);
            long after = ErrorInjector.BEATS_MS.get(at);
            assertTrue(after - before < engine.config.worker().heartbeatTtl().toMillis(), "the heartbeat resumed after "
                    + (after - before) + " ms, before its TTL lapsed: no reaper takes this live server's jobs");
        }
    }
}
