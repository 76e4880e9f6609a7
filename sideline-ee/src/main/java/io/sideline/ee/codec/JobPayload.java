package io.sideline.ee.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A job as it travels through Redis, with Sidekiq's job-format field names ({@code class}, {@code args},
 * {@code jid}, {@code queue}, {@code created_at}, {@code enqueued_at}, {@code retry}, {@code retry_count},
 * {@code error_class}, {@code error_message}, {@code failed_at}) plus {@code sideline_run_id} and
 * {@code sideline_callbacks}: the completion-callback stack, bottom first, as barrier ids. A barrier
 * holds its continuation once, so a payload's size does not grow with the size of a group. While tracing is on,
 * {@code sideline_trace} carries the run's trace context ({@link TraceContext}); otherwise it is absent.
 * {@code sideline_node} is the job's node number in its run's graph, so that the script that finishes the job writes
 * the node's state with one {@code HSET} (absent for a job of no run, and in payloads of older releases).
 *
 * <p>Build one with {@link #builder}: the four fields every job has, then named steps for the rest.
 *
 * @param argsJson the arguments as a JSON array text
 */
public record JobPayload(String jobName, String argsJson, String jid, String queue, long createdAt,
                         Long enqueuedAt, boolean retry, int retryCount, String errorClass,
                         String errorMessage, Long failedAt, String runId, List<String> callbacks, TraceContext trace,
                         Integer node) {

    public JobPayload {
        Objects.requireNonNull(jobName, "class");
        Objects.requireNonNull(argsJson, "args");
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(queue, "queue");
        callbacks = callbacks == null ? List.of() : List.copyOf(callbacks);
        if (node != null && node < 0) {
            throw new IllegalArgumentException("sideline_node must not be negative: " + node);
        }
    }

    /** A payload with the fields every job has; the others default to a fresh, retryable job of no run. */
    public static Builder builder(String jobName, String argsJson, String jid, String queue) {
        return new Builder(jobName, argsJson, jid, queue);
    }

    /** A builder holding this payload's fields, to change some of them. */
    public Builder toBuilder() {
        return new Builder(jobName, argsJson, jid, queue).createdAt(createdAt).enqueuedAt(enqueuedAt).retry(retry)
                .retryCount(retryCount).error(errorClass, errorMessage, failedAt).run(runId, callbacks).trace(trace).node(node);
    }

    /** This payload after a failed attempt: the error recorded and the retry count increased. */
    public JobPayload failed(String errorClass, String errorMessage, long failedAtMs) {
        return toBuilder().retryCount(retryCount + 1).error(errorClass, errorMessage, failedAtMs).build();
    }

    /** Builds a {@link JobPayload} with named steps: the only way the library makes one. */
    public static final class Builder {
        private final String jobName;
        private final String argsJson;
        private final String jid;
        private final String queue;
        private long createdAt;
        private Long enqueuedAt;
        private boolean retry = true;
        private int retryCount;
        private String errorClass;
        private String errorMessage;
        private Long failedAt;
        private String runId;
        private List<String> callbacks = List.of();
        private TraceContext trace;
        private Integer node;

        private Builder(String jobName, String argsJson, String jid, String queue) {
            this.jobName = jobName;
            this.argsJson = argsJson;
            this.jid = jid;
            this.queue = queue;
        }

        /** When the job was created (ms since the epoch). */
        public Builder createdAt(long ms) {
            this.createdAt = ms;
            return this;
        }

        /** When it was put on its queue (ms), or null while it waits in the schedule. */
        public Builder enqueuedAt(Long ms) {
            this.enqueuedAt = ms;
            return this;
        }

        /** Whether a failure is retried (Sidekiq's {@code retry}). */
        public Builder retry(boolean retry) {
            this.retry = retry;
            return this;
        }

        public Builder retryCount(int count) {
            this.retryCount = count;
            return this;
        }

        /** The last failure: its class, message and time (ms); nulls for none. */
        public Builder error(String errorClass, String errorMessage, Long failedAtMs) {
            this.errorClass = errorClass;
            this.errorMessage = errorMessage;
            this.failedAt = failedAtMs;
            return this;
        }

        /** The run the job belongs to (null for none) and its completion-callback stack, bottom first. */
        public Builder run(String runId, List<String> callbacks) {
            this.runId = runId;
            this.callbacks = callbacks;
            return this;
        }

        /** The trace context to carry (tracing on), or null for none. */
        public Builder trace(TraceContext trace) {
            this.trace = trace;
            return this;
        }

        /** The job's node number in its run's graph, or null for none. */
        public Builder node(Integer node) {
            this.node = node;
            return this;
        }

        public JobPayload build() {
            return new JobPayload(jobName, argsJson, jid, queue, createdAt, enqueuedAt, retry, retryCount, errorClass,
                    errorMessage, failedAt, runId, callbacks, trace, node);
        }
    }

    /** The callback at the top of the stack first: the order in which completion walks it. */
    public List<String> callbacksTopFirst() {
        List<String> reversed = new ArrayList<>(callbacks);
        Collections.reverse(reversed);
        return reversed;
    }
}
