package io.sideline.ee.runtime;

import io.sideline.ee.JobArgumentsException;
import io.sideline.ee.MissingBarrierException;
import io.sideline.ee.UnknownJobException;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.MalformedPayloadException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RetryPolicy: exponential backoff with jitter, and which failures are retried at all. */
class RetryPolicyTest {

    private static final long BASE = 1_000;
    private static final long CAP = 60_000;
    private static final int SAMPLES = 500;

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(BASE), Duration.ofMillis(CAP));

    /** A payload after its {@code retryCount}-th failure. */
    private static JobPayload failed(int retryCount, boolean retry) {
        return JobPayload.builder("T", "[]", "j1", "default").enqueuedAt(0L).retry(retry).retryCount(retryCount)
                .error("E", "boom", 1L).run("run-1", List.of("root")).build();
    }

    private void assertDelayBetween(long min, long max, int retryCount) {
        for (int i = 0; i < SAMPLES; i++) {
            long delay = policy.delayMs(retryCount);
            assertTrue(delay >= min && delay <= max, "retry " + retryCount + ": " + delay + " not in [" + min + ", " + max + "]");
        }
    }

    @Test
    void theDelayDoublesFromTheBasePerRetry() {
        assertDelayBetween(BASE, BASE + BASE / 10, 1);
        assertDelayBetween(2 * BASE, 2 * BASE + 2 * BASE / 10, 2);
        assertDelayBetween(4 * BASE, 4 * BASE + 4 * BASE / 10, 3);
        assertDelayBetween(32 * BASE, 32 * BASE + 32 * BASE / 10, 6);
    }

    @Test
    void theDelayIsCapped() {
        assertDelayBetween(CAP, CAP + CAP / 10, 7); // 64 s before the cap
        assertDelayBetween(CAP, CAP + CAP / 10, 30);
        assertDelayBetween(CAP, CAP + CAP / 10, 1_000);
        assertDelayBetween(CAP, CAP + CAP / 10, Integer.MAX_VALUE);
    }

    @Test
    void aRetryCountBelowOneIsTreatedAsTheFirstRetry() {
        assertDelayBetween(BASE, BASE + BASE / 10, 0);
        assertDelayBetween(BASE, BASE + BASE / 10, -3);
    }

    @Test
    void theJitterIsAtMostTenPercentAndActuallyVaries() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            long delay = policy.delayMs(4);
            assertTrue(delay >= 8 * BASE && delay <= 8 * BASE + 8 * BASE / 10, "delay " + delay);
            seen.add(delay);
        }
        assertTrue(seen.size() > 1, "jobs failing together do not all retry together");
    }

    @Test
    void anOrdinaryFailureIsRetriedUpToTheMaximumAndNoMore() {
        RuntimeException failure = new IllegalStateException("boom");
        for (int retryCount = 1; retryCount <= 5; retryCount++) {
            assertTrue(policy.shouldRetry(failed(retryCount, true), failure), "retry " + retryCount);
        }
        assertFalse(policy.shouldRetry(failed(6, true), failure), "after 5 retries the job is dead");
        assertFalse(policy.shouldRetry(failed(100, true), failure));
    }

    @Test
    void withAMaximumOfZeroTheFirstFailureIsFinal() {
        RetryPolicy never = new RetryPolicy(0, Duration.ofMillis(BASE), Duration.ofMillis(CAP));

        assertFalse(never.shouldRetry(failed(1, true), new RuntimeException("boom")));
    }

    @Test
    void failuresAnotherAttemptCannotFixAreNeverRetried() {
        List<Throwable> permanent = List.of(
                new UnknownJobException("nope"),
                new JobArgumentsException("cannot bind argument 0", new IllegalArgumentException()),
                new MissingBarrierException("b1", "run-1"),
                new MalformedPayloadException("payload is not valid JSON"));
        for (Throwable failure : permanent) {
            assertFalse(policy.shouldRetry(failed(1, true), failure), failure.getClass().getSimpleName());
        }
    }

    @Test
    void aPayloadThatSaysRetryFalseIsNeverRetried() {
        assertFalse(policy.shouldRetry(failed(1, false), new RuntimeException("boom")));
    }

    @Test
    void aPayloadWithoutARetryFieldIsRetried() {
        JobPayload decoded = new io.sideline.ee.codec.PayloadCodec()
                .decode("{\"class\":\"T\",\"args\":[],\"jid\":\"j1\",\"queue\":\"default\",\"retry_count\":1}");

        assertTrue(policy.shouldRetry(decoded, new RuntimeException("boom")));
    }
}
