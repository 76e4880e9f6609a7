package io.sideline.ee.telemetry;

/**
 * The port through which the library records what only the worker's thread sees: how long each job ran and waited
 * in its queue (histograms). The counts (jobs by outcome, runs started) are not recorded here: the metrics read them
 * from {@code JobCounters}, the counts the admin API's stats are flushed from, and the gauges from Redis, at most once
 * per export interval. {@link #OFF} does nothing; {@link MetricsChoice} picks the OpenTelemetry implementation only
 * when the API is visible and an enabled SDK is behind it. Labels are names, queues and error classes only.
 */
public interface Metrics extends AutoCloseable {

    /** No metrics: nothing recorded, nothing registered. */
    Metrics OFF = new Metrics() {
        @Override
        public void jobEnded(String job, String queue, long durationNanos, long queueWaitMs, String errorType) {
        }
    };

    /**
     * One attempt of job {@code job} from {@code queue} ended after {@code durationNanos}, having waited
     * {@code queueWaitMs} in its queue (negative: unknown), failed with {@code errorType} (a class name) or null.
     */
    void jobEnded(String job, String queue, long durationNanos, long queueWaitMs, String errorType);

    /** Stops observing the counts and gauges (when the application stops). */
    @Override
    default void close() {
    }

    /** Whether anything is recorded (false for {@link #OFF}): the worker measures nothing otherwise. */
    default boolean on() {
        return this != OFF;
    }
}
