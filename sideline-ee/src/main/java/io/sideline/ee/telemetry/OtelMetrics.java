package io.sideline.ee.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.sideline.ee.RunState;
import io.sideline.ee.SidelineAdmin.QueueInfo;
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.LiveGauges;

import jakarta.enterprise.inject.spi.BeanManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Metrics with the OpenTelemetry {@code Meter} (API 1.39): the job and run counts are observed from
 * {@link JobCounters} (the source of the admin API's stats) when a reader collects; the gauges from one cached Redis
 * reading per collection, by the one server of the fleet that holds the reporter lease ({@link CachedGauges}); only the two histograms are recorded per job, in process. Names
 * follow the messaging semantic conventions where one exists ({@code messaging.process.duration}), otherwise
 * {@code sideline.*}; labels are the queue, the job's name, a run state and an error class, never an argument.
 */
final class OtelMetrics implements Metrics {

    private static final Logger LOG = Logger.getLogger(OtelMetrics.class.getName());

    static final AttributeKey<String> SYSTEM = OtelTracing.SYSTEM;
    static final AttributeKey<String> DESTINATION = OtelTracing.DESTINATION;
    static final AttributeKey<String> OPERATION_NAME = OtelTracing.OPERATION_NAME;
    static final AttributeKey<String> JOB = OtelTracing.JOB;
    static final AttributeKey<String> ERROR_TYPE = OtelTracing.ERROR_TYPE;
    static final AttributeKey<String> RUN_STATE = AttributeKey.stringKey("sideline.run.state");

    /** The states a run ends in: each has a point of {@code sideline.runs.finished}, 0 until one ends so. */
    private static final List<RunState> FINAL_STATES = List.of(RunState.SUCCEEDED, RunState.FAILED,
            RunState.CANCELLED);
    /** The semantic conventions' advice for messaging durations (seconds). */
    private static final List<Double> DURATION_BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5,
            0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    /** Queue waits span milliseconds (a busy pool) to hours (a paused queue). */
    private static final List<Double> WAIT_BUCKETS = List.of(0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0,
            300.0, 900.0, 3600.0);
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double MS_PER_SECOND = 1e3;

    private final DoubleHistogram duration;
    private final DoubleHistogram queueWait;
    private final List<BatchCallback> callbacks;
    private final CachedGauges gauges;
    /** The labels of a (job, queue), built once: a job's record allocates none. Bounded like the counters' keys. */
    private final Map<JobCounters.JobKey, Labels> labels = new ConcurrentHashMap<>();

    /** The labels of a job's queue wait and of its processing. */
    private record Labels(Attributes waited, Attributes processed) {
        static Labels of(JobCounters.JobKey key) {
            Attributes waited = jobLabels(key);
            return new Labels(waited, waited.toBuilder().put(OPERATION_NAME, "process").build());
        }
    }

    OtelMetrics(OpenTelemetry openTelemetry, JobCounters counters, CachedGauges gauges) {
        Meter meter = openTelemetry.getMeter("io.sideline.ee");
        duration = meter.histogramBuilder("messaging.process.duration").setUnit("s")
                .setDescription("How long a job ran (perform and complete), per attempt")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        queueWait = meter.histogramBuilder("sideline.queue.wait").setUnit("s")
                .setDescription("How long a job waited in its queue before a worker took it, per attempt")
                .setExplicitBucketBoundariesAdvice(WAIT_BUCKETS).build();
        callbacks = List.of(jobCounts(meter, counters), gauges(meter, gauges));
        this.gauges = gauges;
    }

    /** Metrics through the application's enabled SDK, or {@link Metrics#OFF} (see {@link OtelSdk}). */
    static Metrics from(BeanManager beans, JobCounters counters, LiveGauges gauges,
                        long stallAfterMs, long reporterLeaseMs) {
        OpenTelemetry enabled = OtelSdk.enabled(beans);
        return enabled == null ? Metrics.OFF : new OtelMetrics(enabled, counters, new CachedGauges(gauges,
                stallAfterMs, System::currentTimeMillis, CachedGauges.MIN_AGE_MS, reporterLeaseMs));
    }

    private static BatchCallback jobCounts(Meter meter, JobCounters counters) {
        ObservableLongMeasurement processed = counter(meter, "sideline.jobs.processed", "{job}",
                "Job attempts finished, failed or not");
        ObservableLongMeasurement failed = counter(meter, "sideline.jobs.failed", "{job}",
                "Job attempts that failed (retried plus dead)");
        ObservableLongMeasurement retried = counter(meter, "sideline.jobs.retried", "{job}",
                "Job attempts that failed and will be retried");
        ObservableLongMeasurement dead = counter(meter, "sideline.jobs.dead", "{job}",
                "Jobs that failed for good (moved to the dead set)");
        ObservableLongMeasurement runs = counter(meter, "sideline.runs.started", "{run}",
                "Runs started by this server");
        ObservableLongMeasurement finished = counter(meter, "sideline.runs.finished", "{run}",
                "Run ends by the state they ended in, counted by the server that saw them end");
        return meter.batchCallback(() -> {
            counters.eachJob((key, counts) -> {
                Attributes attributes = jobLabels(key);
                processed.record(counts.processed(), attributes);
                failed.record(counts.failed(), attributes);
                retried.record(counts.retried(), attributes);
                dead.record(counts.dead(), attributes);
            });
            runs.record(counters.runsStarted());
            for (RunState state : FINAL_STATES) {
                finished.record(counters.runsFinished(state), Attributes.of(RUN_STATE, state.name()));
            }
        }, processed, failed, retried, dead, runs, finished);
    }

    private static BatchCallback gauges(Meter meter, CachedGauges gauges) {
        ObservableLongMeasurement size = meter.gaugeBuilder("sideline.queue.size").ofLongs().setUnit("{job}")
                .setDescription("Jobs waiting in a queue").buildObserver();
        ObservableDoubleMeasurement latency = meter.gaugeBuilder("sideline.queue.latency").setUnit("s")
                .setDescription("How long the oldest job of a queue has waited (0 when empty)").buildObserver();
        ObservableLongMeasurement running = gauge(meter, "sideline.runs.running", "Runs in state RUNNING");
        ObservableLongMeasurement stalled = gauge(meter, "sideline.runs.stalled",
                "Running runs without progress for longer than sideline.run.stall-after-ms");
        // the runs in each state now, in Redis (reported by one server); sideline.runs.finished counts the ends
        ObservableLongMeasurement byState = gauge(meter, "sideline.runs",
                "Runs in each state's run index (kept for sideline.run.ttl after they end)");
        return meter.batchCallback(() -> {
            LiveGauges.Snapshot read;
            try {
                read = gauges.read().orElse(null);
            } catch (RuntimeException redisDown) {
                // no reading this time: the gauges have a gap; readiness reports Redis itself
                LOG.log(Level.FINE, "sideline: metrics could not read the gauges from Redis", redisDown);
                return;
            }
            if (read == null) {
                return; // another server holds the reporter lease and reports the fleet's gauges
            }
            for (QueueInfo queue : read.queues()) {
                Attributes attributes = Attributes.of(SYSTEM, "sideline", DESTINATION, queue.name());
                size.record(queue.size(), attributes);
                latency.record(queue.latencyMs() / MS_PER_SECOND, attributes);
            }
            running.record(read.running());
            stalled.record(read.stalled());
            for (Map.Entry<RunState, Long> entry : read.byState().entrySet()) {
                byState.record(entry.getValue(), Attributes.of(RUN_STATE, entry.getKey().name()));
            }
        }, size, latency, running, stalled, byState);
    }

    private static ObservableLongMeasurement counter(Meter meter, String name, String unit, String description) {
        return meter.counterBuilder(name).setUnit(unit).setDescription(description).buildObserver();
    }

    private static ObservableLongMeasurement gauge(Meter meter, String name, String description) {
        return meter.gaugeBuilder(name).ofLongs().setUnit("{run}").setDescription(description).buildObserver();
    }

    private static Attributes jobLabels(JobCounters.JobKey key) {
        return Attributes.of(SYSTEM, "sideline", DESTINATION, key.queue(), JOB, key.job());
    }

    @Override
    public void jobEnded(String job, String queue, long durationNanos, long queueWaitMs, String errorType) {
        Labels jobLabels = labels.get(new JobCounters.JobKey(job, queue));
        if (jobLabels == null) {
            JobCounters.JobKey key = labels.size() < JobCounters.MAX_SERIES ? new JobCounters.JobKey(job, queue)
                    : new JobCounters.JobKey(JobCounters.OTHER, queue);
            jobLabels = labels.computeIfAbsent(key, Labels::of);
        }
        if (queueWaitMs >= 0) {
            queueWait.record(queueWaitMs / MS_PER_SECOND, jobLabels.waited());
        }
        duration.record(durationNanos / NANOS_PER_SECOND, errorType == null ? jobLabels.processed()
                : jobLabels.processed().toBuilder().put(ERROR_TYPE, errorType).build());
    }

    @Override
    public void close() {
        callbacks.forEach(BatchCallback::close);
        gauges.close();
    }
}
