package io.sideline.ee.runtime;

import io.sideline.ee.codec.JobPayload;

/**
 * A job taken from a queue by a worker: the exact text fetched (which identifies it in the worker's
 * in-progress list) and its decoded payload.
 */
public record FetchedJob(String raw, JobPayload payload, String workerId) {
}
