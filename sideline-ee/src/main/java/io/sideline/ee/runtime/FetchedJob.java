package io.sideline.ee.runtime;

import io.sideline.ee.codec.JobPayload;

/**
 * A job taken from a queue by a worker: the exact text fetched (which identifies it in the worker's
 * in-progress list), its decoded payload, and the queue from which the worker's next job may be taken in the
 * same step as this one's completion ({@code null}: none, e.g. while the worker stops).
 */
public record FetchedJob(String raw, JobPayload payload, String workerId, String prefetchQueue) {

    /** A job whose completion takes no next job. */
    public FetchedJob(String raw, JobPayload payload, String workerId) {
        this(raw, payload, workerId, null);
    }
}
