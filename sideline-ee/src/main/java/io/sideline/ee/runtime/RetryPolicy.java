package io.sideline.ee.runtime;

import io.sideline.ee.codec.JobPayload;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a failed job is retried and after how long: exponential backoff from a base delay,
 * doubling per failure up to a cap, with up to 10 % jitter so that jobs failing together do not retry
 * together. Failures another attempt cannot fix are never retried.
 */
public final class RetryPolicy {

    private final int maxRetries;
    private final long baseMs;
    private final long capMs;

    public RetryPolicy(int maxRetries, Duration base, Duration cap) {
        this.maxRetries = maxRetries;
        this.baseMs = base.toMillis();
        this.capMs = cap.toMillis();
    }

    /** @param failed the payload after this failure (its retry count already increased) */
    public boolean shouldRetry(JobPayload failed, Throwable failure) {
        return shouldRetry(failed, failure, -1);
    }

    /**
     * @param jobMax the job's own limit ({@code @SidelineJob(retry)}): -1 for the configured one, 0 for none
     */
    public boolean shouldRetry(JobPayload failed, Throwable failure, int jobMax) {
        int max = jobMax >= 0 ? jobMax : maxRetries;
        return failed.retry() && failed.retryCount() <= max && !NonRetryable.is(failure);
    }

    /** The delay before retry number {@code retryCount} (1 for the first retry). */
    public long delayMs(int retryCount) {
        int exponent = Math.max(retryCount - 1, 0);
        // Shifting past the base's free high bits would overflow: such delays are beyond the cap anyway.
        long delay = exponent >= Long.numberOfLeadingZeros(baseMs) - 1 ? capMs : Math.min(capMs, baseMs << exponent);
        return delay + ThreadLocalRandom.current().nextLong(delay / 10 + 1);
    }
}
