package io.sideline.ee.cdi;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.testing.LogCapture;
import jakarta.transaction.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a start made inside a transaction does when the transaction ends: driven by hand with the statuses a
 * transaction manager passes (no JTA here; the real transactions are proven on Open Liberty,
 * {@code TransactionalJobsIT}).
 */
class LaunchAfterCommitTest {

    private final AtomicInteger attempts = new AtomicInteger();

    private Runnable failingTimes(int failures) {
        return () -> {
            if (attempts.incrementAndGet() <= failures) {
                throw new RedisUnavailableException("Redis is down (test)", null);
            }
        };
    }

    @Test
    void aRollbackWritesNothing() {
        new LaunchAfterCommit("run r-1", failingTimes(0), () -> "{}", Duration.ofSeconds(1))
                .afterCompletion(Status.STATUS_ROLLEDBACK);

        assertEquals(0, attempts.get());
    }

    @Test
    void aCommitWritesOnceAndRetriesWhileRedisIsUnreachable() {
        new LaunchAfterCommit("run r-1", failingTimes(2), () -> "{}", Duration.ofSeconds(10))
                .afterCompletion(Status.STATUS_COMMITTED);

        assertEquals(3, attempts.get(), "two failures, then the write");
    }

    @Test
    void aStartStillUnwritableAfterTheRetryTimeIsLoggedSevereWithItsRunIdAndWorkflow() {
        try (LogCapture log = new LogCapture()) {
            new LaunchAfterCommit("run r-42", failingTimes(Integer.MAX_VALUE), () -> "{\"job\":\"Report\"}",
                    Duration.ofMillis(300)).afterCompletion(Status.STATUS_COMMITTED);

            assertTrue(attempts.get() > 1, "retried before giving up: " + attempts.get());
            var severe = log.records().stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
            assertEquals(1, severe.size(), log.text());
            String line = severe.get(0).getMessage();
            assertTrue(line.contains("run r-42") && line.contains("{\"job\":\"Report\"}") && line.contains("NOT started"), line);
        }
    }
}
