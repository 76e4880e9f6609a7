package io.sideline.ee.engine;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.SidelineJob;
import io.sideline.ee.config.SidelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics, with a real OpenTelemetry SDK behind the CDI bean and an in-memory reader, after a known workload:
 * jobs by outcome, job and queue (the counts the admin API's stats are flushed from), the duration and queue-wait
 * histograms, runs started, and the gauges of a queue no worker serves; no argument value in any label.
 */
class MetricsTest {

    private static final AttributeKey<String> QUEUE = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> JOB = AttributeKey.stringKey("sideline.job");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** An argument value that must never reach a label. */
    private static final String SECRET = "secret-argument-4711";

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private TestEngine engine;

    /** A job on a queue the test engine does not serve: its jobs wait. */
    @SidelineJob(value = "Waits", queue = "unserved")
    @ApplicationScoped
    public static class Waits {
        public void perform(String label) {
            // never runs: nothing serves its queue
        }
    }

    private void start(Map<String, String> settings) {
        MetricsBeans.reader = reader;
        engine = TestEngine.startWith(settings, MetricsBeans.class, Waits.class, Gate.class);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void jobCountsByOutcomeJobAndQueueDurationsAndRunsStartedAfterAKnownWorkload() {
        start(Map.of(SidelineConfig.Keys.RETRY_MAX, "1"));
        // 3 jobs processed; a job failed once then succeeded (2 attempts); a job dead after 2 attempts
        List<String> runs = List.of(
                engine.workflows().run(chain(job(Rec.class, SECRET), job(Rec.class, "b"), job(Rec.class, "c"))),
                engine.workflows().run(job(Flaky.class, SECRET, 1)),
                engine.workflows().run(job(Flaky.class, "D", 99)));
        Collection<MetricData> metrics = Await.value("the workload's 7 attempts in the counters and histograms",
                Duration.ofSeconds(20), reader::collectAllMetrics,
                m -> sum(m, "sideline.jobs.processed") == 7 && histogramCount(m, "messaging.process.duration") == 7);
        Await.until("the runs ended", Duration.ofSeconds(20), () -> List.of(RunState.SUCCEEDED, RunState.SUCCEEDED,
                RunState.FAILED).equals(runs.stream().map(this::state).toList()));

        assertEquals(3, counter(metrics, "sideline.jobs.processed", "Rec"));
        assertEquals(0, counter(metrics, "sideline.jobs.failed", "Rec"));
        assertEquals(4, counter(metrics, "sideline.jobs.processed", "Flaky"));
        assertEquals(3, counter(metrics, "sideline.jobs.failed", "Flaky"));
        assertEquals(2, counter(metrics, "sideline.jobs.retried", "Flaky"));
        assertEquals(1, counter(metrics, "sideline.jobs.dead", "Flaky"));
        assertEquals(0, counter(metrics, "sideline.jobs.dead", "Rec"));
        assertEquals(3, sum(metrics, "sideline.runs.started"));
        // the same counts the admin API's stats are flushed from (one source), once the heartbeat flushed them
        SidelineAdmin admin = engine.bean(SidelineAdmin.class);
        Await.until("the stats flushed", Duration.ofSeconds(10), () -> admin.stats().processed() == 7);
        assertEquals(sum(metrics, "sideline.jobs.failed"), admin.stats().failed());

        // durations: one point per attempt, the failed ones labelled with the error class only
        assertEquals(3, histogram(metrics, "messaging.process.duration", "Rec", null));
        assertEquals(1, histogram(metrics, "messaging.process.duration", "Flaky", null));
        assertEquals(3, histogram(metrics, "messaging.process.duration", "Flaky",
                IllegalStateException.class.getName()));
        assertEquals(7, histogramCount(metrics, "sideline.queue.wait"));

        for (MetricData metric : metrics) {
            for (PointData point : metric.getData().getPoints()) {
                point.getAttributes().forEach((key, value) -> assertFalse(String.valueOf(value).contains(SECRET),
                        "no argument value in a label: " + metric.getName() + " " + point.getAttributes()));
            }
        }
    }

    @Test
    void runsFinishedCountsEachEndOnceByStateWhereTheServerSawIt() {
        start(Map.of(SidelineConfig.Keys.RETRY_MAX, "1"));
        // a chain, a group (its last member's completion ends it, once), a success after a retry, a dead job (FAILED)
        List<String> succeeding = List.of(
                engine.workflows().run(chain(job(Rec.class, "a"), job(Rec.class, "b"))),
                engine.workflows().run(group(job(Rec.class, "g1"), job(Rec.class, "g2"), job(Rec.class, "g3"))),
                engine.workflows().run(job(Flaky.class, "once", 1)));
        String failing = engine.workflows().run(job(Flaky.class, "D", 99));
        String cancelled = engine.workflows().run(job(Waits.class, "never"));
        assertEquals(io.sideline.ee.ControlResult.Outcome.APPLIED,
                engine.bean(io.sideline.ee.RunControl.class).cancel(cancelled).outcome());
        Await.until("the runs ended", Duration.ofSeconds(20), () -> succeeding.stream().allMatch(
                id -> state(id) == RunState.SUCCEEDED) && state(failing) == RunState.FAILED);

        Collection<MetricData> metrics = Await.value("the five ends counted", Duration.ofSeconds(20),
                reader::collectAllMetrics, m -> sum(m, "sideline.runs.finished") >= 5);

        assertEquals(3, runsFinished(metrics, RunState.SUCCEEDED));
        assertEquals(1, runsFinished(metrics, RunState.FAILED));
        assertEquals(1, runsFinished(metrics, RunState.CANCELLED));
        assertEquals(5, sum(metrics, "sideline.runs.started"));
    }

    /** A job that holds its worker until the test opens the gate. */
    @SidelineJob("Gate")
    @ApplicationScoped
    public static class Gate {
        static final CountDownLatch STARTED = new CountDownLatch(1);
        static final CountDownLatch OPEN = new CountDownLatch(1);

        public void perform(String label) throws InterruptedException {
            STARTED.countDown();
            OPEN.await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRunCancelledOnAnotherServerWhileItsLastJobRanCountsAsCancelledOnly() throws InterruptedException {
        // this server learns of a cancel made elsewhere at its next heartbeat, 20 minutes away: only the completion's
        // own reply can tell it that its job's success ended nothing
        start(Map.of(SidelineConfig.Keys.HEARTBEAT_INTERVAL, "1200000", SidelineConfig.Keys.HEARTBEAT_TTL, "3600000"));
        String runId = engine.workflows().run(job(Gate.class, "the last job"));
        assertTrue(Gate.STARTED.await(20, TimeUnit.SECONDS), "the job runs on the first server");
        InMemoryMetricReader secondReader = InMemoryMetricReader.create();
        MetricsBeans.reader = secondReader;
        try (TestEngine second = TestEngine.join(engine, Map.of(), MetricsBeans.class, Gate.class)) {
            assertEquals(io.sideline.ee.ControlResult.Outcome.APPLIED,
                    second.bean(io.sideline.ee.RunControl.class).cancel(runId).outcome());
            Gate.OPEN.countDown();

            Collection<MetricData> firsts = Await.value("the job's success processed on the first server",
                    Duration.ofSeconds(20), reader::collectAllMetrics, m -> sum(m, "sideline.jobs.processed") == 1);
            Await.until("the cancel's end counted on one server", Duration.ofSeconds(20), () -> runsFinished(
                    reader.collectAllMetrics(), RunState.CANCELLED) + runsFinished(secondReader.collectAllMetrics(),
                    RunState.CANCELLED) == 1);

            assertEquals(0, runsFinished(firsts, RunState.SUCCEEDED) + runsFinished(reader.collectAllMetrics(),
                    RunState.SUCCEEDED) + runsFinished(secondReader.collectAllMetrics(), RunState.SUCCEEDED),
                    "the run did not succeed: the cancel ended it first");
            assertEquals(RunState.CANCELLED, state(runId));
        }
    }

    @Test
    void anEmptyWorkflowsSuccessIsCountedAsItStartsByRunAndByRunAll() {
        start(Map.of());
        String single = engine.workflows().run(chain());
        List<String> bulk = engine.workflows().runAll(List.of(group(), chain(group(), chain())));
        assertTrue(Stream.concat(Stream.of(single), bulk.stream()).allMatch(id -> state(id) == RunState.SUCCEEDED),
                "empty workflows end as they start");

        Collection<MetricData> metrics = reader.collectAllMetrics();

        assertEquals(3, runsFinished(metrics, RunState.SUCCEEDED), "no completion ends them: counted at the start");
        assertEquals(3, sum(metrics, "sideline.runs.started"));
    }

    private static long runsFinished(Collection<MetricData> metrics, RunState state) {
        return longGauge(metrics, "sideline.runs.finished",
                Attributes.of(AttributeKey.stringKey("sideline.run.state"), state.name()));
    }

    @Test
    void queueAndRunGaugesOfAQueueWithWaitingJobs() {
        start(Map.of(SidelineConfig.Keys.STALL_AFTER, "1000"));
        int waiting = 3;
        for (int i = 0; i < waiting; i++) {
            engine.workflows().run(job(Waits.class, SECRET));
        }
        SidelineAdmin admin = engine.bean(SidelineAdmin.class);
        Await.until("the waiting runs stalled", Duration.ofSeconds(20), () -> admin.runs(RunState.RUNNING, 10, null)
                .items().stream().filter(RunStatus::stalled).count() == waiting);

        Collection<MetricData> metrics = reader.collectAllMetrics(); // the first collection: one Redis reading

        Attributes unserved = Attributes.of(AttributeKey.stringKey("messaging.system"), "sideline", QUEUE, "unserved");
        assertEquals(waiting, longGauge(metrics, "sideline.queue.size", unserved));
        double latency = point(metrics, "sideline.queue.latency", unserved).map(p ->
                ((io.opentelemetry.sdk.metrics.data.DoublePointData) p).getValue()).orElseThrow();
        assertTrue(latency >= 1.0, "the oldest job waited over the stall threshold: " + latency + " s");
        assertEquals(waiting, longGauge(metrics, "sideline.runs.running", Attributes.empty()));
        assertEquals(waiting, longGauge(metrics, "sideline.runs.stalled", Attributes.empty()));
        assertEquals(waiting, longGauge(metrics, "sideline.runs",
                Attributes.of(AttributeKey.stringKey("sideline.run.state"), "RUNNING")));
        assertEquals(0, longGauge(metrics, "sideline.runs",
                Attributes.of(AttributeKey.stringKey("sideline.run.state"), "FAILED")));
    }

    @Test
    void ofTwoServersOnOneRedisOnlyOneReportsTheGaugesWhileEachReportsItsOwnCounts() {
        start(Map.of());
        engine.workflows().run(job(Waits.class, "waits"));
        Attributes unserved = Attributes.of(AttributeKey.stringKey("messaging.system"), "sideline", QUEUE, "unserved");
        Await.until("the first server reports the queue", Duration.ofSeconds(20),
                () -> point(reader.collectAllMetrics(), "sideline.queue.size", unserved).isPresent());
        InMemoryMetricReader secondReader = InMemoryMetricReader.create();
        MetricsBeans.reader = secondReader;
        try (TestEngine second = TestEngine.join(engine, Map.of(), MetricsBeans.class)) {
            second.workflows().run(job(Rec.class, "on the second"));

            Collection<MetricData> seconds = Await.value("the second server's own run counted", Duration.ofSeconds(20),
                    secondReader::collectAllMetrics, m -> sum(m, "sideline.runs.started") == 1);

            for (String gauge : List.of("sideline.queue.size", "sideline.queue.latency", "sideline.runs.running",
                    "sideline.runs.stalled", "sideline.runs")) {
                assertEquals(0, pointCount(seconds, gauge), gauge + ": the second server reports no gauge point");
            }
            Collection<MetricData> firsts = reader.collectAllMetrics();
            assertEquals(1, longGauge(firsts, "sideline.queue.size", unserved), "the first one still reports it");
            assertEquals(1, sum(firsts, "sideline.runs.started"), "each server counts the runs it started");
        }
    }

    @Test
    void theReporterHoldsTheGaugeLeaseForTheConfiguredTime() {
        start(Map.of(SidelineConfig.Keys.REPORTER_LEASE, "10000"));
        engine.workflows().run(job(Waits.class, "waits"));
        Await.until("this server reports the gauges", Duration.ofSeconds(20), () -> point(reader.collectAllMetrics(),
                "sideline.queue.size", Attributes.of(AttributeKey.stringKey("messaging.system"), "sideline", QUEUE,
                        "unserved")).isPresent());

        try (redis.clients.jedis.RedisClient redis = engine.redis()) {
            long ttl = redis.pttl(engine.prefix + "gauges:reporter");
            assertTrue(ttl > 0 && ttl <= 10_000, "the lease lasts at most the configured 10 s, was " + ttl + " ms");
        }
    }

    private static long pointCount(Collection<MetricData> metrics, String name) {
        return metric(metrics, name).map(m -> (long) m.getData().getPoints().size()).orElse(0L);
    }

    private RunState state(String runId) {
        return engine.workflows().status(runId).map(RunStatus::state).orElse(null);
    }

    private static Optional<MetricData> metric(Collection<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst();
    }

    private static long sum(Collection<MetricData> metrics, String name) {
        return metric(metrics, name).map(m -> m.getLongSumData().getPoints().stream()
                .mapToLong(LongPointData::getValue).sum()).orElse(0L);
    }

    /** A counter's value for one job name, in the default queue. */
    private static long counter(Collection<MetricData> metrics, String name, String job) {
        return metric(metrics, name).orElseThrow().getLongSumData().getPoints().stream()
                .filter(p -> job.equals(p.getAttributes().get(JOB)) && "default".equals(p.getAttributes().get(QUEUE)))
                .mapToLong(LongPointData::getValue).sum();
    }

    private static long histogramCount(Collection<MetricData> metrics, String name) {
        return metric(metrics, name).map(m -> m.getHistogramData().getPoints().stream()
                .mapToLong(HistogramPointData::getCount).sum()).orElse(0L);
    }

    /** How many attempts of {@code job} a histogram recorded with this error class (null: succeeded). */
    private static long histogram(Collection<MetricData> metrics, String name, String job, String errorType) {
        return metric(metrics, name).orElseThrow().getHistogramData().getPoints().stream()
                .filter(p -> job.equals(p.getAttributes().get(JOB))
                        && java.util.Objects.equals(errorType, p.getAttributes().get(ERROR_TYPE)))
                .mapToLong(HistogramPointData::getCount).sum();
    }

    private static Optional<PointData> point(Collection<MetricData> metrics, String name, Attributes attributes) {
        return metric(metrics, name).flatMap(m -> m.getData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(attributes)).map(p -> (PointData) p).findFirst());
    }

    private static long longGauge(Collection<MetricData> metrics, String name, Attributes attributes) {
        return point(metrics, name, attributes).map(p -> ((LongPointData) p).getValue())
                .orElseThrow(() -> new AssertionError("no " + name + " point " + attributes + " in " + metrics));
    }
}
