package io.sideline.ee.codec;

import java.util.List;
import java.util.Objects;

/**
 * A job as it travels through Redis, with Sidekiq's job-format field names ({@code class}, {@code args},
 * {@code jid}, {@code queue}, {@code created_at}, {@code enqueued_at}, {@code retry}, {@code retry_count},
 * {@code error_class}, {@code error_message}, {@code failed_at}) plus {@code sideline_run_id} and
 * {@code sideline_callbacks}: the completion-callback stack, bottom first, as barrier ids. A barrier
 * holds its continuation once, so a payload's size does not grow with the size of a group.
 *
 * @param argsJson the arguments as a JSON array text
 */
public record JobPayload(String jobName, String argsJson, String jid, String queue, long createdAt,
                         Long enqueuedAt, boolean retry, int retryCount, String errorClass,
                         String errorMessage, Long failedAt, String runId, List<String> callbacks) {

    public JobPayload {
        Objects.requireNonNull(jobName, "class");
        Objects.requireNonNull(argsJson, "args");
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(queue, "queue");
        callbacks = callbacks == null ? List.of() : List.copyOf(callbacks);
    }

    /** This payload after a failed attempt: the error recorded and the retry count increased. */
    public JobPayload failed(String errorClass, String errorMessage, long failedAtMs) {
        return new JobPayload(jobName, argsJson, jid, queue, createdAt, enqueuedAt, retry, retryCount + 1,
                errorClass, errorMessage, failedAtMs, runId, callbacks);
    }

    /** The callback at the top of the stack first: the order in which completion walks it. */
    public List<String> callbacksTopFirst() {
        List<String> reversed = new java.util.ArrayList<>(callbacks);
        java.util.Collections.reverse(reversed);
        return reversed;
    }
}
