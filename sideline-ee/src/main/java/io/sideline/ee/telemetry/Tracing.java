package io.sideline.ee.telemetry;

import io.sideline.ee.codec.JobPayload;

import java.util.function.Supplier;

/**
 * The port through which the library traces runs and jobs. {@link #OFF} does nothing and allocates nothing; the
 * OpenTelemetry implementation is chosen at startup by {@link TracingChoice} only when the OpenTelemetry API is on
 * the classpath and an enabled SDK is behind it, so the library deploys and runs unchanged without either. Spans
 * carry names, ids, queues, counts and error classes only: never job arguments or memory values.
 */
public interface Tracing {

    /** No tracing: no span, no trace field in payloads, no cost per step. */
    Tracing OFF = new Tracing() {
        @Override
        public <T> T inRun(String runId, Supplier<T> planning) {
            return planning.get();
        }

        @Override
        public JobTrace startJob(JobPayload payload, long nowMs) {
            return JobTrace.NONE;
        }
    };

    /**
     * Plans run {@code runId} inside the root span of a new trace for it (kind PRODUCER, linked to the caller's
     * current span if any): the payloads planned meanwhile carry that span's context.
     */
    <T> T inRun(String runId, Supplier<T> planning);

    /**
     * Opens the CONSUMER span of one execution of a job (current on this thread until closed): parented to its
     * run's span, linked to the spans of the jobs it waited for; continuations planned meanwhile carry the run's
     * context and a link to this span.
     */
    JobTrace startJob(JobPayload payload, long nowMs);

    /** Whether spans are recorded (false for {@link #OFF}). */
    default boolean on() {
        return this != OFF;
    }
}
